// Which clauses people who use the service check: those whose verification includes user-led validation.
// Their representatives see the shareable evidence of these clauses, and nothing of the others.
import { type Column, type SQL, sql } from "drizzle-orm";
import type { Category } from "../../model/clause-schema.js";

/**
 * Clauses issued before clauses said how they are verified carry no `verification`: for them, the
 * categories whose evidence is about people's own experience stand in.
 */
export const USER_LED_CATEGORIES: readonly Category[] = [
  "feedback",
  "user_groups",
  "user_led_research",
  "you_said_we_did",
];

export function isUserLed(clause: { category: string; verification?: readonly string[] }): boolean {
  if (Array.isArray(clause.verification)) return clause.verification.includes("user_led");
  return (USER_LED_CATEGORIES as readonly string[]).includes(clause.category);
}

/** SQL: the obligation of this contract and clause key is user-led, per the contract's issued snapshot. */
export function userLedSql(contractId: Column | SQL, clauseKey: Column | SQL): SQL {
  const categories = sql.join(
    USER_LED_CATEGORIES.map((c) => sql`${c}`),
    sql`, `,
  );
  return sql`exists (
    select 1 from contracts ul_c
    join specifications ul_s on ul_s.id = ul_c.specification_id
    cross join lateral jsonb_array_elements(ul_s.snapshot -> 'clauses') ul_cl
    where ul_c.id = ${contractId} and ul_cl ->> 'key' = ${clauseKey}
      and case when jsonb_typeof(ul_cl -> 'verification') = 'array'
        then (ul_cl -> 'verification') @> '["user_led"]'::jsonb
        else (ul_cl ->> 'category') in (${categories}) end)`;
}
