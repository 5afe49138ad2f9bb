// The targets every benchmark is held to, collected as the benchmarks run; `npm run bench` ends with them as
// one table (name, measured, target, met). A benchmark adds a row with one call:
//   target("40-clause draft, time vs docx alone", ratio, { max: 1.3, unit: "x" });
//   target("200 MB upload, throughput vs fs", ratio, { min: 0.6, unit: "x" });

export interface Limit {
  /** Met when the measured value is at most this. */
  max?: number;
  /** Met when the measured value is at least this. */
  min?: number;
  /** Printed after the numbers: "x", " ms", " MB". */
  unit?: string;
  /** Decimal places to print (default 2). */
  digits?: number;
}

export interface TargetRow {
  name: string;
  measured: string;
  target: string;
  met: boolean;
}

const rows: TargetRow[] = [];

/** Records one target and whether this run met it; returns "met" or "NOT MET" for the benchmark's own line. */
export function target(name: string, measured: number, limit: Limit): "met" | "NOT MET" {
  const { max, min, unit = "", digits = 2 } = limit;
  if (max === undefined && min === undefined) throw new Error(`target "${name}" needs a max or a min`);
  const show = (n: number) => `${n.toFixed(digits)}${unit}`;
  const met =
    Number.isFinite(measured) &&
    (max === undefined || measured <= max) &&
    (min === undefined || measured >= min);
  const bounds = [min === undefined ? "" : `>= ${show(min)}`, max === undefined ? "" : `<= ${show(max)}`];
  rows.push({ name, measured: show(measured), target: bounds.filter(Boolean).join(", "), met });
  return met ? "met" : "NOT MET";
}

/** A benchmark that failed before it could measure: its targets count as not met. */
export function failed(name: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  rows.push({ name, measured: `failed: ${message.split("\n")[0]}`, target: "runs to the end", met: false });
}

export function targetRows(): readonly TargetRow[] {
  return rows;
}

/** The table, as plain text that reads in a terminal and pastes into Markdown. */
export function targetTable(): string {
  const head = ["Benchmark", "Measured", "Target", "Met"];
  const body = rows.map((r) => [r.name, r.measured, r.target, r.met ? "yes" : "NO"]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}
