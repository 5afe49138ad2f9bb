import { afterAll, describe, expect, it } from "vitest";
import { inProcessRenderer } from "../../src/documents/index.js";
import { createWorkerRenderer } from "../../src/entry/node-renderer.js";
import { makeClauses, makeComplianceReport, makeSpecification } from "./fixtures.js";

const workers = createWorkerRenderer({ workers: 2 });
afterAll(() => workers.close());

describe("worker-thread renderer", () => {
  it("returns the same bytes as the in-process renderer for every document", async () => {
    const spec = makeSpecification(24);
    const changes = {
      previous: makeSpecification(0, { version: 2, clauses: makeClauses(20) }),
      current: spec,
      author: "Priya Shah",
      date: "2026-03-15T10:30:00Z",
    };
    const report = makeComplianceReport();
    const fromWorkers = await Promise.all([
      workers.specification(spec, { pageNumbers: true }),
      workers.specification({ ...spec, status: "draft" }, { pageNumbers: false }),
      workers.changes(changes),
      workers.summary(spec),
      workers.complianceReport(report),
    ]);
    const inProcess = [
      await inProcessRenderer.specification(spec, { pageNumbers: true }),
      await inProcessRenderer.specification({ ...spec, status: "draft" }, { pageNumbers: false }),
      await inProcessRenderer.changes(changes),
      await inProcessRenderer.summary(spec),
      await inProcessRenderer.complianceReport(report),
    ];
    fromWorkers.forEach((bytes, i) => {
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(bytes).equals(Buffer.from(inProcess[i]!))).toBe(true);
    });
  });

  it("passes a render's error back to the caller", async () => {
    await expect(
      workers.specification(makeSpecification(1, { date: "not a date" }), { pageNumbers: false }),
    ).rejects.toThrow(/not a date/);
    // The pool still works afterwards.
    expect((await workers.summary(makeSpecification(2))).length).toBeGreaterThan(1000);
  });

  it("refuses work once closed", async () => {
    const pool = createWorkerRenderer({ workers: 1 });
    await pool.summary(makeSpecification(1));
    await pool.close();
    await expect(pool.summary(makeSpecification(1))).rejects.toThrow(/closed/);
  });
});
