ALTER TABLE "specifications" ADD COLUMN "caseload" integer;--> statement-breakpoint
ALTER TABLE "specifications" ADD COLUMN "sites" integer;--> statement-breakpoint
ALTER TABLE "specifications" ADD COLUMN "bundle" text;