ALTER TABLE "users" ADD COLUMN "last_sign_in_at" timestamp with time zone;--> statement-breakpoint
-- Everyone who has signed in before keeps that fact: the newest sign-in the audit log holds.
UPDATE "users" SET "last_sign_in_at" = (
  SELECT max("at") FROM "audit_events"
  WHERE "action" = 'auth.login' AND "entity_type" = 'user' AND "entity_id" = "users"."id"::text
);
