// Which clauses people who use the service check: those whose verification includes user_led (clause
// metadata; a clause stored before verification was recorded reads as reviewer-only, so it is not).
// Representatives see the shareable evidence of these clauses, and nothing of the others.
import { type Column, type SQL, sql } from "drizzle-orm";
import type { Verification } from "../../model/clause-schema.js";

export function isUserLed(clause: { verification?: readonly Verification[] }): boolean {
  return clause.verification?.includes("user_led") ?? false;
}

/** SQL: the obligation of this contract and clause key is user-led, per the contract's issued snapshot. */
export function userLedSql(contractId: Column | SQL, clauseKey: Column | SQL): SQL {
  return sql`exists (
    select 1 from contracts ul_c
    join specifications ul_s on ul_s.id = ul_c.specification_id
    cross join lateral jsonb_array_elements(ul_s.snapshot -> 'clauses') ul_cl
    where ul_c.id = ${contractId} and ul_cl ->> 'key' = ${clauseKey}
      and coalesce(ul_cl -> 'verification', '[]'::jsonb) @> '["user_led"]'::jsonb)`;
}
