CREATE TABLE "involvement_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"provider_organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"completed_with" text NOT NULL,
	"participants" integer NOT NULL,
	"disagreement" text,
	"ratings" jsonb NOT NULL,
	"approach" text NOT NULL,
	"level" text NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewer_ratings" jsonb,
	"confirmed_approach" text,
	"confirmed_level" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	CONSTRAINT "involvement_reviews_contractId_year_unique" UNIQUE("contract_id","year")
);
--> statement-breakpoint
ALTER TABLE "involvement_reviews" ADD CONSTRAINT "involvement_reviews_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "involvement_reviews" ADD CONSTRAINT "involvement_reviews_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "involvement_reviews" ADD CONSTRAINT "involvement_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "involvement_reviews_organisation_id_index" ON "involvement_reviews" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "involvement_reviews_provider_organisation_id_index" ON "involvement_reviews" USING btree ("provider_organisation_id");