// A submission's figures: the one place that reads them from where they are stored (the submission's
// metrics JSON today), so a typed store can replace it without touching what reads figures.
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { type SubmissionStatus, submissions } from "../../db/schema/index.js";
import { storedFigure } from "../../model/performance.js";

export interface SubmissionFigures {
  submissionId: string;
  status: SubmissionStatus;
  /** Each metric's figure by name; a figure stored as text that is not a number is left out. */
  figures: Map<string, number>;
}

function figuresOf(stored: Record<string, number | string> | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, v] of Object.entries(stored ?? {})) {
    const n = storedFigure(v);
    if (n !== null) out.set(name, n);
  }
  return out;
}

/** The figures of the submissions given (an obligation's latest, as the caller may see it), by id. */
export async function figuresOfSubmissions(
  db: DbOrTx,
  submissionIds: string[],
): Promise<Map<string, SubmissionFigures>> {
  if (!submissionIds.length) return new Map();
  const rows = await db
    .select({ id: submissions.id, status: submissions.status, metrics: submissions.metrics })
    .from(submissions)
    .where(inArray(submissions.id, submissionIds));
  return new Map(
    rows.map((r) => [r.id, { submissionId: r.id, status: r.status, figures: figuresOf(r.metrics) }]),
  );
}
