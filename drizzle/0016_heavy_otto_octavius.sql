ALTER TABLE "contracts" ADD COLUMN "involvement_contact_name" text;--> statement-breakpoint
ALTER TABLE "specifications" ADD COLUMN "contacts" jsonb DEFAULT '{}'::jsonb NOT NULL;