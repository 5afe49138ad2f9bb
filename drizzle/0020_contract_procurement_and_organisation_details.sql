ALTER TABLE "contracts" ADD COLUMN "procurement_regime" text DEFAULT 'provider_selection_regime' NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "light_touch" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "estimated_value_pence" bigint;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "procurement_identifier" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "kpi_exemption_reason" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "postal_address" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "identifier" text;