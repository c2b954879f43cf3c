import { useId, useState, type MouseEvent } from 'react';

export interface ChartSeries {
  name: string;
  /** Values by bucket start (epoch ms); missing buckets are drawn as `fill` (0 for counts) or skipped. */
  values: ReadonlyMap<number, number>;
}

const W = 640;
const H = 200;
const PAD = { left: 56, right: 12, top: 10, bottom: 24 };
const COLORS = ['#3b6fd8', '#d9534f', '#2e9d62', '#c98a12', '#8c54c8', '#1b9aaa', '#c2577f', '#6b7d2e'];

/** A y maximum that reads well (1, 2, 2.5, 5 × 10^n). */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const e = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 2.5, 5, 10].find((m) => m * e >= v) ?? 10) * e;
}

const timeLabel = (ms: number, spanMs: number) =>
  new Date(ms).toLocaleString(
    undefined,
    spanMs > 2 * 86_400_000 ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' },
  );

/** Lines over time in plain SVG, with a hover readout and a text summary for screen readers. */
export function LineChart(props: {
  title: string;
  series: readonly ChartSeries[];
  from: number;
  to: number;
  stepMs: number;
  format: (v: number) => string;
  /** Value of a bucket with no data; undefined breaks the line there. */
  fill?: number;
  loading?: boolean;
}) {
  const id = useId();
  const [hover, setHover] = useState<number | undefined>();
  const buckets: number[] = [];
  for (let t = props.from; t < props.to && buckets.length < 2000; t += props.stepMs) buckets.push(t);
  const valueAt = (s: ChartSeries, t: number) => s.values.get(t) ?? props.fill;
  let max = 0;
  for (const s of props.series) for (const v of s.values.values()) if (v > max) max = v;
  const yMax = niceMax(max);
  const x = (t: number) =>
    PAD.left + ((t - props.from) / Math.max(props.to - props.from, 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);

  /** Points with no drawn neighbour: a line of one point is invisible, so they get a dot. */
  const lonely = (s: ChartSeries) =>
    buckets.filter(
      (t, i) =>
        valueAt(s, t) !== undefined &&
        (i === 0 || valueAt(s, buckets[i - 1] as number) === undefined) &&
        (i === buckets.length - 1 || valueAt(s, buckets[i + 1] as number) === undefined),
    );

  const path = (s: ChartSeries) => {
    let d = '';
    let pen = false;
    for (const t of buckets) {
      const v = valueAt(s, t);
      if (v === undefined) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${x(t + props.stepMs / 2).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    }
    return d;
  };

  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - box.left) / box.width) * W;
    const t = props.from + ((px - PAD.left) / (W - PAD.left - PAD.right)) * (props.to - props.from);
    const k = Math.floor((t - props.from) / props.stepMs);
    setHover(k >= 0 && k < buckets.length ? buckets[k] : undefined);
  };

  const totals = props.series
    .map((s) => `${s.name}: peak ${props.format(Math.max(0, ...s.values.values()))}`)
    .join('; ');
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`}>{props.title}</figcaption>
      {props.series.every((s) => s.values.size === 0) ? (
        <p className="muted chart-empty">{props.loading ? 'Loading…' : 'No data in this range.'}</p>
      ) : (
        <svg
          viewBox={`0 0 ${W} ${H}`}
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-desc`}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(undefined)}
        >
          <desc id={`${id}-desc`}>{totals}</desc>
          {[0, 0.5, 1].map((f) => (
            <g key={f} className="grid">
              <line x1={PAD.left} x2={W - PAD.right} y1={y(yMax * f)} y2={y(yMax * f)} />
              <text x={PAD.left - 6} y={y(yMax * f) + 4} textAnchor="end">
                {props.format(yMax * f)}
              </text>
            </g>
          ))}
          {[0, 1 / 3, 2 / 3, 1].map((f) => {
            const t = props.from + f * (props.to - props.from);
            return (
              <text
                key={f}
                className="axis"
                x={x(t)}
                y={H - 6}
                textAnchor={f === 0 ? 'start' : f === 1 ? 'end' : 'middle'}
              >
                {timeLabel(t, props.to - props.from)}
              </text>
            );
          })}
          {props.series.map((s, i) => (
            <g key={s.name}>
              <path d={path(s)} fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth={1.8} />
              {lonely(s).map((t) => (
                <circle
                  key={t}
                  cx={x(t + props.stepMs / 2)}
                  cy={y(valueAt(s, t) ?? 0)}
                  r={2.5}
                  fill={COLORS[i % COLORS.length]}
                />
              ))}
            </g>
          ))}
          {hover !== undefined && (
            <line
              className="hover-line"
              x1={x(hover + props.stepMs / 2)}
              x2={x(hover + props.stepMs / 2)}
              y1={PAD.top}
              y2={H - PAD.bottom}
            />
          )}
        </svg>
      )}
      <ul className="legend">
        {props.series.map((s, i) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
            {s.name}
            {hover !== undefined && (
              <strong> {valueAt(s, hover) === undefined ? '–' : props.format(valueAt(s, hover) ?? 0)}</strong>
            )}
          </li>
        ))}
      </ul>
      {hover !== undefined && (
        <p className="muted small-text hover-time">{new Date(hover).toLocaleString()}</p>
      )}
    </figure>
  );
}
