// Writes one audit event, inside the caller's transaction so the record and the change stand or fall together.
import type { DbOrTx } from "../../db/client.js";
import { auditEvents } from "../../db/schema/index.js";

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  organisationId?: string | null;
  parentType?: string;
  parentId?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditCtx {
  actor: { userId: string; organisationId: string } | null;
  requestId?: string;
}

export async function recordAudit(tx: DbOrTx, ctx: AuditCtx, e: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    organisationId: e.organisationId === undefined ? (ctx.actor?.organisationId ?? null) : e.organisationId,
    actorUserId: ctx.actor?.userId ?? null,
    parentType: e.parentType ?? null,
    parentId: e.parentId ?? null,
    before: e.before === undefined ? null : redact(e.before),
    after: e.after === undefined ? null : redact(e.after),
    requestId: ctx.requestId ?? null,
  });
}

const SECRET_KEYS = new Set([
  "passwordHash",
  "password",
  "tokenHash",
  "token",
  "idHash",
  "csrfToken",
  "totpSecret",
  "oidcClientSecret",
  "clientSecret",
  "codeHash",
]);

/** Drop secret fields wherever they hide, so the audit log never holds one. */
function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === "object" && !(v instanceof Date)) {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, x]) => [k, redact(x)]),
    );
  }
  return v;
}
