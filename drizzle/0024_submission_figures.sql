CREATE TABLE "submission_figures" (
	"submission_id" uuid NOT NULL,
	"obligation_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"clause_key" text NOT NULL,
	"period" text NOT NULL,
	"period_end" date,
	"metric" text NOT NULL,
	"kind" text NOT NULL,
	"value" numeric NOT NULL,
	CONSTRAINT "submission_figures_submission_id_metric_pk" PRIMARY KEY("submission_id","metric")
);
--> statement-breakpoint
ALTER TABLE "submission_figures" ADD CONSTRAINT "submission_figures_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_figures" ADD CONSTRAINT "submission_figures_obligation_id_obligations_id_fk" FOREIGN KEY ("obligation_id") REFERENCES "public"."obligations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "submission_figures_contract_id_clause_key_period_end_index" ON "submission_figures" USING btree ("contract_id","clause_key","period_end");--> statement-breakpoint
CREATE INDEX "submission_figures_obligation_id_index" ON "submission_figures" USING btree ("obligation_id");--> statement-breakpoint
-- Every figure already reported, from the submissions' metrics JSON: a number as stored, or one as people
-- typed it ('1,250', '85%'), as model/performance.ts storedFigure reads it; anything else is no figure.
-- The kind is the metric's unit in the obligation's clause version (a number when the clause no longer
-- names the metric).
INSERT INTO "submission_figures" ("submission_id", "obligation_id", "contract_id", "clause_key", "period", "period_end", "metric", "kind", "value")
SELECT s."id", o."id", o."contract_id", o."clause_key", o."period", o."period_end", f."metric",
       coalesce((
         SELECT d->>'unit'
         FROM "clause_versions" cv,
              jsonb_array_elements(CASE WHEN jsonb_typeof(cv."content"->'threshold'->'metrics') = 'array'
                                        THEN cv."content"->'threshold'->'metrics' ELSE '[]'::jsonb END) d
         WHERE cv."id" = o."clause_version_id" AND d->>'name' = f."metric" AND d->>'unit' IN ('count', 'number', 'percent', 'days', 'weeks', 'months')
         LIMIT 1
       ), 'number'),
       f."value"
FROM "submissions" s
JOIN "obligations" o ON o."id" = s."obligation_id"
CROSS JOIN LATERAL (
  SELECT e.key AS "metric",
         CASE
           WHEN jsonb_typeof(e.value) = 'number' THEN (e.value #>> '{}')::numeric
           WHEN jsonb_typeof(e.value) = 'string'
                AND btrim(regexp_replace(replace(btrim(e.value #>> '{}'), ',', ''), '%$', '')) ~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$'
             THEN btrim(regexp_replace(replace(btrim(e.value #>> '{}'), ',', ''), '%$', ''))::numeric
         END AS "value"
  FROM jsonb_each(CASE WHEN jsonb_typeof(s."metrics") = 'object' THEN s."metrics" ELSE '{}'::jsonb END) e
) f
WHERE f."value" IS NOT NULL;
