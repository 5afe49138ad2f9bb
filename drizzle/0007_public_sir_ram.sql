CREATE TABLE "file_downloads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "submission_files" ADD COLUMN "redacted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "submission_files" ADD COLUMN "redacted_by" uuid;--> statement-breakpoint
ALTER TABLE "submission_files" ADD COLUMN "redaction_reason" text;--> statement-breakpoint
ALTER TABLE "file_downloads" ADD CONSTRAINT "file_downloads_file_id_submission_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."submission_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_downloads" ADD CONSTRAINT "file_downloads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_downloads_file_id_at_index" ON "file_downloads" USING btree ("file_id","at");--> statement-breakpoint
ALTER TABLE "submission_files" ADD CONSTRAINT "submission_files_redacted_by_users_id_fk" FOREIGN KEY ("redacted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;