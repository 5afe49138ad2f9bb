CREATE TABLE "domain_claim_allowed" (
	"claim_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "domain_claim_allowed_claim_id_organisation_id_pk" PRIMARY KEY("claim_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "domain_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "domain_claim_allowed" ADD CONSTRAINT "domain_claim_allowed_claim_id_domain_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."domain_claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_claim_allowed" ADD CONSTRAINT "domain_claim_allowed_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_claims" ADD CONSTRAINT "domain_claims_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_claims" ADD CONSTRAINT "domain_claims_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_claims" ADD CONSTRAINT "domain_claims_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "domain_claim_allowed_organisation_id_index" ON "domain_claim_allowed" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "domain_claims_approved_unique" ON "domain_claims" USING btree ("domain") WHERE "domain_claims"."status" = 'approved';--> statement-breakpoint
CREATE UNIQUE INDEX "domain_claims_requested_unique" ON "domain_claims" USING btree ("domain","organisation_id") WHERE "domain_claims"."status" = 'requested';--> statement-breakpoint
CREATE INDEX "domain_claims_organisation_id_index" ON "domain_claims" USING btree ("organisation_id");