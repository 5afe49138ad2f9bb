// The worker-thread side of node-renderer.ts: renders one document per message and sends the bytes back,
// transferring their buffer rather than copying it.
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { inProcessRenderer } from "../documents/renderer.js";
import type { DirectAwardRecord } from "../model/direct-award.js";
import type {
  AssessmentDocumentInput,
  ChangesDocumentInput,
  ComplianceReportInput,
  RenderOptions,
  SpecificationDocumentInput,
} from "../model/document-input.js";

export type RenderRequest = { id: number } & (
  | { kind: "specification"; input: SpecificationDocumentInput; options: RenderOptions }
  | { kind: "changes"; input: ChangesDocumentInput }
  | { kind: "summary"; input: SpecificationDocumentInput; options?: { largePrint?: boolean } }
  | { kind: "complianceReport"; input: ComplianceReportInput }
  | { kind: "commitments"; input: SpecificationDocumentInput }
  | { kind: "assessment"; input: AssessmentDocumentInput }
  | { kind: "directAwardRecord"; input: DirectAwardRecord }
);

export type RenderResponse =
  | { id: number; ok: true; bytes: Uint8Array }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

function render(req: RenderRequest): Promise<Uint8Array> {
  switch (req.kind) {
    case "specification":
      return inProcessRenderer.specification(req.input, req.options);
    case "changes":
      return inProcessRenderer.changes(req.input);
    case "summary":
      return inProcessRenderer.summary(req.input, req.options);
    case "complianceReport":
      return inProcessRenderer.complianceReport(req.input);
    case "commitments":
      return inProcessRenderer.commitments(req.input);
    case "assessment":
      return inProcessRenderer.assessment(req.input);
    case "directAwardRecord":
      return inProcessRenderer.directAwardRecord(req.input);
  }
}

const port = parentPort;
if (port) {
  // Rendering gives way to the thread that answers requests. On Linux this lowers this thread only (a thread is
  // its own task there): on a machine with as many busy threads as cores, the server's event loop otherwise
  // waited up to 200 ms for a core while a large draft rendered. Lowering needs no privilege; where the
  // platform refuses, the thread renders at the usual priority.
  try {
    setPriority(10);
  } catch {}
  port.on("message", async (req: RenderRequest) => {
    try {
      let bytes = await render(req);
      // Only a buffer the bytes fill exactly can be handed over whole.
      if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = bytes.slice();
      const res: RenderResponse = { id: req.id, ok: true, bytes };
      port.postMessage(res, [bytes.buffer as ArrayBuffer]);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const res: RenderResponse = {
        id: req.id,
        ok: false,
        error: { name: err.name, message: err.message, stack: err.stack },
      };
      port.postMessage(res);
    }
  });
}
