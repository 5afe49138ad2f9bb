CREATE TABLE "contract_kpis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"clause_key" text NOT NULL,
	"clause_title" text NOT NULL,
	"metric" text NOT NULL,
	"metric_label" text NOT NULL,
	"unit" text NOT NULL,
	"comparator" text NOT NULL,
	"target" double precision NOT NULL,
	"frequency" text NOT NULL,
	"tolerance_percent" double precision DEFAULT 10 NOT NULL,
	"most_material" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "specification_kpis" (
	"specification_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"clause_key" text NOT NULL,
	"metric" text NOT NULL,
	"target" double precision NOT NULL,
	"frequency" text NOT NULL,
	"most_material" boolean DEFAULT false NOT NULL,
	CONSTRAINT "specification_kpis_specification_id_position_pk" PRIMARY KEY("specification_id","position")
);
--> statement-breakpoint
ALTER TABLE "contract_kpis" ADD CONSTRAINT "contract_kpis_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specification_kpis" ADD CONSTRAINT "specification_kpis_specification_id_specifications_id_fk" FOREIGN KEY ("specification_id") REFERENCES "public"."specifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_kpis_contract_id_position_index" ON "contract_kpis" USING btree ("contract_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_kpis_contract_metric_unique" ON "contract_kpis" USING btree ("contract_id","clause_key","metric");