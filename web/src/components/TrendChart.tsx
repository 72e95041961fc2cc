import { useApp } from '../app-context.ts';
import type { MessageKey } from '../i18n/catalogue.ts';
import { fiscalYearLabel, formatAmount, formatInUnit } from '../lib/format.ts';
import type { TrendModel, YearValue } from '../lib/trend.ts';

const W = 640;
const H = 280;
const BASE_PAD = { left: 72, right: 28, top: 28, bottom: 40 };
/** Width of one character of an axis label in viewBox units (digits and commas, up to the 20px phone size). */
const CHAR_W = 11;

/**
 * SVG trend chart: actuals (solid line, circles), time-proportional line (dashed), forecast
 * (dotted), baseline (square) and target (diamond). Lines differ by dash and marker, not colour
 * alone; the legend says which is which. The data-table alternative sits beside it.
 */
export function TrendChart({
  model,
  unit,
  title,
}: {
  model: TrendModel;
  unit: string | null;
  title: string;
}) {
  const { t } = useApp();
  const legend: { key: MessageKey; mark: 'line' | 'rect' | 'diamond'; cls: string }[] = [
    { key: 'actual', mark: 'line', cls: 'actual' },
    { key: 'expected', mark: 'line', cls: 'expected' },
    { key: 'forecast', mark: 'line', cls: 'forecast' },
    { key: 'baseline', mark: 'rect', cls: 'baseline' },
    { key: 'target', mark: 'diamond', cls: 'target' },
  ];
  const { from, to } = model.years;
  // Axis labels in the indicator's display unit; the left margin fits the longest one, so that no
  // leading digit is cut off (`185,000,000` needs more room than `1,563`).
  const labels = model.axis.ticks.map((v) => formatInUnit(v, unit));
  const widest = Math.max(0, ...labels.map((l) => l.length));
  const PAD = { ...BASE_PAD, left: Math.max(BASE_PAD.left, Math.ceil(widest * CHAR_W) + 14) };
  const x = (y: number) => PAD.left + ((y - from) / Math.max(1, to - from)) * (W - PAD.left - PAD.right);
  const y = (v: number) =>
    PAD.top +
    (1 - (v - model.axis.min) / (model.axis.max - model.axis.min || 1)) * (H - PAD.top - PAD.bottom);
  const line = (pts: YearValue[]) =>
    pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.fiscalYear)},${y(p.value)}`).join(' ');
  const years: number[] = [];
  for (let v = from; v <= to; v++) years.push(v);
  return (
    <>
      <svg viewBox={`0 0 ${W} ${H}`} class="chart" role="img" aria-label={title}>
        {model.axis.ticks.map((t, i) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} class="gridline" />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" class="axis">
              {labels[i]}
            </text>
          </g>
        ))}
        {unit ? (
          <text x={4} y={PAD.top - 4} class="axis">
            ({unit})
          </text>
        ) : null}
        {years.map((v) => (
          <text key={v} x={x(v)} y={H - PAD.bottom + 18} text-anchor="middle" class="axis">
            {v}
          </text>
        ))}
        {model.expected.length > 1 ? <path d={line(model.expected)} class="expected" /> : null}
        {model.forecast.length > 1 ? <path d={line(model.forecast)} class="forecast" /> : null}
        {model.actuals.length > 1 ? <path d={line(model.actuals)} class="actual" /> : null}
        {model.actuals.map((p) => (
          <circle key={p.fiscalYear} cx={x(p.fiscalYear)} cy={y(p.value)} r="4" class="actual-dot">
            <title>
              {fiscalYearLabel(p.fiscalYear)} {formatAmount(p.value, unit)}
            </title>
          </circle>
        ))}
        {model.baseline ? (
          <rect
            x={x(model.baseline.fiscalYear) - 5}
            y={y(model.baseline.value) - 5}
            width="10"
            height="10"
            class="baseline"
          />
        ) : null}
        {model.target ? (
          <path
            d={`M${x(model.target.fiscalYear)},${y(model.target.value) - 7} l7,7 l-7,7 l-7,-7 z`}
            class="target"
          />
        ) : null}
      </svg>
      {/* The legend is HTML text: readable at any width, wraps on phones. */}
      <ul class="chart-legend">
        {legend.map((l) => (
          <li key={l.key} class="key">
            <svg viewBox="-2 -9 30 18" width="30" height="18" aria-hidden="true">
              {l.mark === 'line' ? <line x1="0" x2="26" y1="0" y2="0" class={l.cls} /> : null}
              {l.mark === 'rect' ? <rect x="8" y="-5" width="10" height="10" class={l.cls} /> : null}
              {l.mark === 'diamond' ? <path d="M13,-7 l7,7 l-7,7 l-7,-7 z" class={l.cls} /> : null}
            </svg>
            {t(l.key)}
          </li>
        ))}
      </ul>
    </>
  );
}
