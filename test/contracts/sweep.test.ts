// The orphan sweep: files a crash left behind go; files a submission holds, and files too young to judge, stay.
import { utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/lib/log.js";
import { runScheduledJobs } from "../../src/services/jobs/scheduled.js";
import { makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";
import {
  evidenceFields,
  findObligation,
  issuedSpecification,
  letContract,
  makeClock,
  pdfBytes,
  storedFiles,
  type Tenant,
  upload,
} from "./fixtures.js";

const clock = makeClock("2026-08-15T12:00:00Z");
let h: Harness;
let t: Tenant;
beforeAll(async () => {
  h = await createHarness({ now: clock.now });
  t = await makeTenant(h.db);
});
afterAll(() => h.close());

async function stray(name: string, ageMs: number) {
  const file = path.join(h.dataDir, "files", "evidence", name);
  await writeFile(file, "left by a crash");
  const when = new Date(Date.now() - ageMs);
  await utimes(file, when, when);
  return file;
}

describe("sweeping orphaned evidence files", () => {
  it("removes old files no submission holds, keeps held and recent ones", async () => {
    const spec = await issuedSpecification(h, t, ["FBK-02"]);
    const contract = await letContract(h, t, spec.id);
    const ob = await findObligation(h, t.providerUser.auth, contract.id, "FBK-02", "2026-27 Q1");
    const res = await upload(h, t.providerUser.auth, ob.id, [
      ...evidenceFields(),
      { name: "files", filename: "report.pdf", contentType: "application/pdf", data: pdfBytes() },
    ]);
    expect(res.status).toBe(201);
    const [held] = await storedFiles(h);
    // The held file is old too, so only the database keeps it.
    const old = new Date(Date.now() - 3 * 86_400_000);
    await utimes(held!, old, old);

    const oldOrphan = await stray("00000000-dead-4000-8000-000000000001", 3 * 86_400_000);
    const oldPartial = await stray("00000000-dead-4000-8000-000000000002.partial-1-2", 3 * 86_400_000);
    const youngOrphan = await stray("00000000-dead-4000-8000-000000000003", 60_000);

    await runScheduledJobs({ db: h.db, files: h.deps.files, now: new Date(), log: createLogger("silent") });

    const left = await storedFiles(h);
    expect(left).toContain(held);
    expect(left).toContain(youngOrphan);
    expect(left).not.toContain(oldOrphan);
    expect(left).not.toContain(oldPartial);
    // The held file still downloads.
    const sub = res.body as { files: Array<{ id: string }> };
    const dl = await h.app.request(`/api/files/${sub.files[0]!.id}`, { headers: t.providerUser.auth });
    expect(dl.status).toBe(200);
  });
});
