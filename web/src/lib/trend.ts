/** One yearly figure for the chart. */
export interface YearValue {
  fiscalYear: number;
  value: number;
}

export interface TrendInput {
  baseline: YearValue | null;
  target: YearValue | null;
  actuals: readonly YearValue[];
  /** Forecast at the target year (the evaluation's regression), if any. */
  forecast: number | null;
}

/** The lines of the trend chart, in data units, and the value axis range with nice ticks. */
export interface TrendModel {
  years: { from: number; to: number };
  actuals: YearValue[];
  /** Straight line from baseline to target in proportion to elapsed time (時間比例の線). */
  expected: YearValue[];
  /** From the last actual to the forecast at the target year. */
  forecast: YearValue[];
  baseline: YearValue | null;
  target: YearValue | null;
  axis: { min: number; max: number; ticks: number[] };
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/**
 * Builds the trend chart's lines from the figures: actuals in year order, the time-proportional
 * line from baseline to target (one point per year), the forecast segment, and a value axis with
 * about five round ticks covering every point.
 *
 * @example trendModel({ baseline: { fiscalYear: 2019, value: 100 }, target: { fiscalYear: 2024, value: 150 },
 *   actuals: [{ fiscalYear: 2020, value: 110 }], forecast: null }).expected[1] // { fiscalYear: 2020, value: 110 }
 */
export function trendModel(input: TrendInput): TrendModel {
  const actuals = [...input.actuals].sort((a, b) => a.fiscalYear - b.fiscalYear);
  const { baseline, target } = input;
  const expected: YearValue[] = [];
  if (baseline && target && target.fiscalYear > baseline.fiscalYear) {
    const years = target.fiscalYear - baseline.fiscalYear;
    for (let y = baseline.fiscalYear; y <= target.fiscalYear; y++)
      expected.push({
        fiscalYear: y,
        value: baseline.value + ((target.value - baseline.value) * (y - baseline.fiscalYear)) / years,
      });
  }
  const last = actuals.at(-1);
  const forecast: YearValue[] =
    input.forecast !== null && target && last && last.fiscalYear < target.fiscalYear
      ? [last, { fiscalYear: target.fiscalYear, value: input.forecast }]
      : [];
  const all = [
    ...actuals,
    ...expected,
    ...forecast,
    ...(baseline ? [baseline] : []),
    ...(target ? [target] : []),
  ];
  const yearsOf = all.map((p) => p.fiscalYear);
  const values = all.map((p) => p.value);
  const from = yearsOf.length ? Math.min(...yearsOf) : 0;
  const to = yearsOf.length ? Math.max(...yearsOf) : 0;
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  // Values too close to scale apart (or equal) get a band around them.
  // A band of ±10% of the magnitude, or ±1 around values too small to scale (such as 1e-320).
  if (hi - lo <= 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi))) {
    const pad = Math.max(Math.abs(lo), Math.abs(hi)) * 0.1;
    const band = pad >= 1e-6 ? pad : 1;
    lo -= band;
    hi += band;
  }
  const step = niceStep(hi - lo, 5);
  let min = Math.floor(lo / step) * step;
  let max = Math.ceil(hi / step) * step;
  // lo / step can underflow to 0 for subnormal values: widen by a step where rounding fell short.
  if (min > lo) min -= step;
  if (max < hi) max += step;
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { years: { from, to }, actuals, expected, forecast, baseline, target, axis: { min, max, ticks } };
}
