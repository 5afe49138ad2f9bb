// A line chart of compliance over periods, drawn on the server as SVG (no script). Series differ by
// line style and marker as well as colour, and every chart comes with a table of the same numbers.

export interface Series {
  name: string;
  /** One value (0-100) or null per period. */
  values: Array<number | null>;
}

const W = 640;
const H = 300;
const PAD = { left: 56, right: 48, top: 20, bottom: 48 };

export function LineChart(p: {
  id: string;
  title: string;
  description: string;
  periods: string[];
  series: Series[];
}) {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) =>
    PAD.left + (p.periods.length <= 1 ? innerW / 2 : (i * innerW) / (p.periods.length - 1));
  const y = (v: number) => PAD.top + innerH - (v / 100) * innerH;
  return (
    <svg
      class="app-chart"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-labelledby={`${p.id}-title ${p.id}-desc`}
      focusable="false"
    >
      <title id={`${p.id}-title`}>{p.title}</title>
      <desc id={`${p.id}-desc`}>{p.description}</desc>
      {[0, 25, 50, 75, 100].map((t) => (
        <>
          <line class="app-chart__grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
          <text x={PAD.left - 8} y={y(t) + 5} text-anchor="end">
            {t}%
          </text>
        </>
      ))}
      <line class="app-chart__axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
      <line class="app-chart__axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={y(0)} />
      {p.periods.map((label, i) => (
        <text x={x(i)} y={H - PAD.bottom + 22} text-anchor="middle">
          {label}
        </text>
      ))}
      {p.series.map((s, si) => {
        const n = (si % 3) + 1;
        const points = s.values.map((v, i) => (v === null ? null : ([x(i), y(v)] as const)));
        // Gaps (periods with nothing assessed) break the line.
        const segments: string[] = [];
        let cur: string[] = [];
        for (const pt of points) {
          if (pt) cur.push(`${pt[0].toFixed(1)},${pt[1].toFixed(1)}`);
          else if (cur.length) {
            segments.push(cur.join(" "));
            cur = [];
          }
        }
        if (cur.length) segments.push(cur.join(" "));
        return (
          <g>
            {segments.map((seg) => (
              <polyline class={`app-chart__line${n > 1 ? ` app-chart__line--${n}` : ""}`} points={seg} />
            ))}
            {points.map((pt) =>
              pt ? (
                n === 2 ? (
                  <rect
                    class="app-chart__point app-chart__point--2"
                    x={pt[0] - 5}
                    y={pt[1] - 5}
                    width="10"
                    height="10"
                  />
                ) : (
                  <circle
                    class={`app-chart__point${n > 1 ? ` app-chart__point--${n}` : ""}`}
                    cx={pt[0]}
                    cy={pt[1]}
                    r="5"
                  />
                )
              ) : null,
            )}
          </g>
        );
      })}
    </svg>
  );
}

const LEGEND_STYLE = ["solid line, circles", "dashed line, squares", "dotted line, circles"];

export function ChartLegend({ series }: { series: Series[] }) {
  return (
    <ul class="govuk-list govuk-body-s">
      {series.map((s, i) => (
        <li>
          {s.name}: {LEGEND_STYLE[i % 3]}
        </li>
      ))}
    </ul>
  );
}
