// A small chart of one metric's figures against its target, period by period, drawn on the server as SVG (no
// script). What is compared is plotted: the year to date for counts and numbers, the figure as reported
// otherwise. The target is a dashed black line; the figures a solid blue line, with a circle where the
// target was met and a red cross where it was not, so colour is never the only signal. Its text alternative
// is the table that follows it: the SVG is an image whose label says so and sums it up.
import type { ContractPerformance } from "../../services/compliance/performance.js";

type Metric = ContractPerformance["clauses"][number]["metrics"][number];
type Period = Metric["periods"][number];

const W = 320;
const H = 150;
const PAD = { left: 44, right: 12, top: 12, bottom: 30 };

const compared = (m: Metric, p: Period) => (m.proRated ? p.yearToDate : p.value);
const short = (n: number) => String(Math.round(n * 10) / 10);

/** A tick at zero, and one at a round number near the top. */
function topOf(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

/** The chart's label: what it shows, how it went, and where the figures are. */
function chartLabel(label: string, periods: Period[]): string {
  const met = periods.filter((p) => p.state === "met").length;
  const below = periods.filter((p) => p.state === "below").length;
  const none = periods.filter((p) => p.state === "not_reported").length;
  const counts = [
    met ? `${met} met` : null,
    below ? `${below} below target` : null,
    none ? `${none} not reported` : null,
  ].filter(Boolean);
  return `Chart of ${label} against the target over ${periods.length} ${periods.length === 1 ? "period" : "periods"}${counts.length ? `: ${counts.join(", ")}` : ""}. The table that follows gives each figure.`;
}

export function FigureChart({
  metric,
  periods,
  label,
}: {
  metric: Metric;
  periods: Period[];
  label: string;
}) {
  const values = periods.flatMap((p) => {
    const v = compared(metric, p);
    return v === null ? [] : [v];
  });
  const targets = periods.flatMap((p) => (p.target === null ? [] : [p.target]));
  if (!values.length && !targets.length) return null;
  const top = topOf(Math.max(...values, ...targets));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) =>
    PAD.left + (periods.length <= 1 ? innerW / 2 : (i * innerW) / (periods.length - 1));
  const y = (v: number) => PAD.top + innerH - (Math.max(0, Math.min(v, top)) / top) * innerH;
  /** Runs of points; a period with nothing to plot breaks the line. */
  const runs = (pick: (p: Period) => number | null) => {
    const out: Array<Array<[number, number]>> = [[]];
    periods.forEach((p, i) => {
      const v = pick(p);
      if (v === null) out.push([]);
      else out[out.length - 1]!.push([x(i), y(v)]);
    });
    return out.filter((r) => r.length);
  };
  const pts = (r: Array<[number, number]>) => r.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" ");
  const first = periods[0]!.period;
  const last = periods[periods.length - 1]!.period;
  return (
    <svg
      class="app-figure-chart"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={chartLabel(label, periods)}
      focusable="false"
    >
      <line class="app-figure-chart__grid" x1={PAD.left} x2={W - PAD.right} y1={y(top)} y2={y(top)} />
      <text x={PAD.left - 6} y={y(top) + 5} text-anchor="end">
        {short(top)}
      </text>
      <text x={PAD.left - 6} y={y(0) + 5} text-anchor="end">
        0
      </text>
      <line class="app-figure-chart__axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
      <text x={PAD.left} y={H - 8} text-anchor="start">
        {first}
      </text>
      {periods.length > 1 ? (
        <text x={W - PAD.right} y={H - 8} text-anchor="end">
          {last}
        </text>
      ) : null}
      {runs((p) => p.target).map((r) =>
        // A target of one period alone is a short dash.
        r.length === 1 ? (
          <line
            class="app-figure-chart__target"
            x1={r[0]![0] - 12}
            x2={r[0]![0] + 12}
            y1={r[0]![1]}
            y2={r[0]![1]}
          />
        ) : (
          <polyline class="app-figure-chart__target" points={pts(r)} />
        ),
      )}
      {runs((p) => compared(metric, p)).map((r) => (
        <polyline class="app-figure-chart__figure" points={pts(r)} />
      ))}
      {periods.map((p, i) => {
        const v = compared(metric, p);
        if (v === null) return null;
        const cx = x(i);
        const cy = y(v);
        return p.state === "below" ? (
          <path
            class="app-figure-chart__below"
            d={`M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}`}
          />
        ) : (
          <circle class="app-figure-chart__met" cx={cx} cy={cy} r="5" />
        );
      })}
    </svg>
  );
}

/** Said once above the charts: how to read them. */
export const FIGURE_CHART_KEY =
  "In each chart the dashed black line is the target and the solid blue line the figure (the year to date for counts and numbers): a blue circle where the target was met, a red cross where it was not. The table under each chart gives the same figures.";
