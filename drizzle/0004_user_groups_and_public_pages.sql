CREATE TABLE "contract_user_groups" (
	"contract_id" uuid NOT NULL,
	"user_group_id" uuid NOT NULL,
	"linked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_user_groups_contract_id_user_group_id_pk" PRIMARY KEY("contract_id","user_group_id")
);
--> statement-breakpoint
CREATE TABLE "validations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"obligation_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"user_group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"view" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"show_my_name" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "you_said_we_did" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"provider_organisation_id" uuid NOT NULL,
	"you_said" text NOT NULL,
	"we_did" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"created_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "slug" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "involvement_contact" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "validation_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "response_to_views" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "shareable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contract_user_groups" ADD CONSTRAINT "contract_user_groups_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_user_groups" ADD CONSTRAINT "contract_user_groups_user_group_id_organisations_id_fk" FOREIGN KEY ("user_group_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_user_groups" ADD CONSTRAINT "contract_user_groups_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validations" ADD CONSTRAINT "validations_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validations" ADD CONSTRAINT "validations_obligation_id_obligations_id_fk" FOREIGN KEY ("obligation_id") REFERENCES "public"."obligations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validations" ADD CONSTRAINT "validations_user_group_id_organisations_id_fk" FOREIGN KEY ("user_group_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validations" ADD CONSTRAINT "validations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "you_said_we_did" ADD CONSTRAINT "you_said_we_did_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "you_said_we_did" ADD CONSTRAINT "you_said_we_did_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "you_said_we_did" ADD CONSTRAINT "you_said_we_did_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_user_groups_user_group_id_index" ON "contract_user_groups" USING btree ("user_group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "validations_submission_user_unique" ON "validations" USING btree ("submission_id","user_id");--> statement-breakpoint
CREATE INDEX "validations_contract_id_index" ON "validations" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "validations_obligation_id_index" ON "validations" USING btree ("obligation_id");--> statement-breakpoint
CREATE INDEX "you_said_we_did_contract_id_status_index" ON "you_said_we_did" USING btree ("contract_id","status");--> statement-breakpoint
CREATE INDEX "you_said_we_did_organisation_id_index" ON "you_said_we_did" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_slug_unique" ON "contracts" USING btree ("slug") WHERE "contracts"."slug" is not null;