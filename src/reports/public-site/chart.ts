import { toDisplayUnit } from '../../core/display-unit.ts';
import { formatNumber } from '../../core/evaluation/explain.ts';
import type { PublicIndicator } from '../../core/public/public-view.ts';
import { type Html, html, raw } from './html.ts';

const W = 640;
const H = 300;
const PAD = { left: 72, right: 24, top: 20, bottom: 44 };

function ticks(min: number, max: number, n = 5): number[] {
  if (min === max) return [min];
  const step0 = (max - min) / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    out.push(Number(v.toFixed(10)));
  return out;
}

/**
 * The trend of an indicator as an inline SVG (no script, no external resource): the published
 * actuals (circles joined by a line), the baseline (square) and the target (diamond) with the
 * straight line between them that the time-proportional judgement compares with (dashed). The
 * SVG has a title and a description; the same numbers are in the data table beside it.
 * Null when there is nothing to draw.
 */
export function trendChart(ind: PublicIndicator, titleId: string): Html | null {
  const unit = ind.unit;
  const pts = (f: { fiscalYear: number | null; value: number | null } | null) =>
    f && f.fiscalYear != null && f.value != null
      ? { x: f.fiscalYear, y: toDisplayUnit(f.value, unit) }
      : null;
  const actuals = ind.actuals.map(pts).filter((p): p is { x: number; y: number } => p !== null);
  const baseline = pts(ind.baseline);
  const target = pts(ind.target);
  const all = [...actuals, ...(baseline ? [baseline] : []), ...(target ? [target] : [])];
  if (all.length === 0) return null;
  let x0 = Math.min(...all.map((p) => p.x));
  let x1 = Math.max(...all.map((p) => p.x));
  if (x0 === x1) {
    x0 -= 1;
    x1 += 1;
  }
  let y0 = Math.min(0, ...all.map((p) => p.y));
  let y1 = Math.max(...all.map((p) => p.y));
  if (y0 === y1) {
    y1 = y0 + 1;
  }
  const pad = (y1 - y0) * 0.08;
  if (y0 < 0) y0 -= pad;
  y1 += pad;
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const yTicks = ticks(y0, y1);
  const years: number[] = [];
  for (let y = x0; y <= x1; y++) years.push(y);
  const every = Math.ceil(years.length / 8);
  const f = (n: number) => n.toFixed(1);
  const grid = yTicks.map(
    (t) =>
      html`<line x1="${f(PAD.left)}" x2="${f(W - PAD.right)}" y1="${f(sy(t))}" y2="${f(sy(t))}" class="grid"/><text x="${f(PAD.left - 6)}" y="${f(sy(t) + 4)}" text-anchor="end">${formatNumber(t)}</text>`,
  );
  const xLabels = years
    .filter((_, i) => i % every === 0)
    .map((y) => html`<text x="${f(sx(y))}" y="${f(H - PAD.bottom + 18)}" text-anchor="middle">${y}</text>`);
  const line =
    actuals.length > 1
      ? html`<polyline class="actual" points="${actuals.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`
      : '';
  const dots = actuals.map((p) => html`<circle class="actual" cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="5"/>`);
  const plan =
    baseline && target
      ? html`<line class="plan" x1="${f(sx(baseline.x))}" y1="${f(sy(baseline.y))}" x2="${f(sx(target.x))}" y2="${f(sy(target.y))}"/>`
      : '';
  const base = baseline
    ? html`<rect class="baseline" x="${f(sx(baseline.x) - 5)}" y="${f(sy(baseline.y) - 5)}" width="10" height="10"/>`
    : '';
  const goal = target
    ? html`<path class="target" d="M${f(sx(target.x))} ${f(sy(target.y) - 7)}l7 7-7 7-7-7z"/>`
    : '';
  const desc = [
    baseline ? `基準値 ${baseline.x}年度 ${formatNumber(baseline.y)}` : null,
    ...actuals.map((p) => `実績値 ${p.x}年度 ${formatNumber(p.y)}`),
    target ? `目標値 ${target.x}年度 ${formatNumber(target.y)}` : null,
  ]
    .filter(Boolean)
    .join('、');
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${titleId} ${titleId}-desc" focusable="false">
<title id="${titleId}">${ind.name}の推移${unit ? ` (単位: ${unit})` : ''}</title>
<desc id="${titleId}-desc">${desc}。同じ数値を下の表に示します。</desc>
${grid}
<line x1="${f(PAD.left)}" x2="${f(W - PAD.right)}" y1="${f(sy(y0))}" y2="${f(sy(y0))}" class="axis"/>
${xLabels}
<text x="${f(W - PAD.right)}" y="${f(H - 6)}" text-anchor="end">年度</text>
${plan}${line}${dots}${base}${goal}
</svg>
<ul class="legend">${raw('<li><span class="key actual" aria-hidden="true">●</span>実績値 (公表した年度)</li><li><span class="key baseline" aria-hidden="true">■</span>基準値</li><li><span class="key target" aria-hidden="true">◆</span>目標値</li><li><span class="key plan" aria-hidden="true">┅</span>基準値から目標値までを等分に進んだ場合の線</li>')}</ul>`;
}
