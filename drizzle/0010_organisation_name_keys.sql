-- Organisation names are unique as a reader sees them. Existing rows get a key here, close to the
-- application's (compatibility forms folded, invisible characters removed, spaces collapsed, lower case);
-- start-up then recomputes every key exactly (services/organisations/name-keys.ts). Where two existing
-- organisations already look the same, the later one's key is made distinct, so the unique index can be
-- built; its name stays as it was until the operator renames it.
ALTER TABLE "organisations" ADD COLUMN "name_key" text;--> statement-breakpoint
UPDATE "organisations" SET "name_key" = btrim(regexp_replace(lower(regexp_replace(normalize("name", NFKC), '[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]', '', 'g')), '\s+', ' ', 'g'));--> statement-breakpoint
UPDATE "organisations" AS o SET "name_key" = o."name_key" || ' #' || o."id"
  FROM (SELECT "id", row_number() OVER (PARTITION BY "name_key" ORDER BY "created_at", "id") AS n FROM "organisations") AS d
  WHERE d."id" = o."id" AND d.n > 1;--> statement-breakpoint
ALTER TABLE "organisations" ALTER COLUMN "name_key" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_name_key_unique" ON "organisations" USING btree ("name_key");
