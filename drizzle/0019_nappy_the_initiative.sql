CREATE TABLE "notice_acknowledgements" (
	"user_id" uuid NOT NULL,
	"notice" text NOT NULL,
	"acknowledged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_acknowledgements_user_id_notice_pk" PRIMARY KEY("user_id","notice")
);
--> statement-breakpoint
ALTER TABLE "validations" ADD COLUMN "name_reach" text DEFAULT 'council' NOT NULL;--> statement-breakpoint
ALTER TABLE "validations" ADD COLUMN "after_decision" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notice_acknowledgements" ADD CONSTRAINT "notice_acknowledgements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;