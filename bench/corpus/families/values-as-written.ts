/**
 * Family `values-as-written`: figures as departments type them. `延べ120人`, `約1,200人`,
 * `30%以上`, `5~7回/年` (a range: the truth is its lower bound, the least that meets it),
 * `H27年度現在 127件 / H31年度予測 144件` (baseline and target in one cell under a combined
 * header), `過去5年間実績 6件`, `(速報値) 80.2%`, and no value written as `-`, `―` or `調査中`.
 */
import { expectIndicator } from '../expect.ts';
import { FORMATS, numberText, type Sheet, writeFiles, YEAR_STYLES, yearText } from '../render.ts';
import { knownStrategy, type Rand, rand } from '../strategy.ts';
import type { CorpusCase, ExpectedIndicator, Family } from '../types.ts';

/** A figure written in one of the ways it is typed; `null` value writes a no-value word. */
function written(r: Rand, v: number | null, unit: string, role: 'baseline' | 'actual' | 'target'): string {
  if (v == null) return r.pick(['-', '―', '調査中', '－']);
  const n = numberText(v);
  const u = unit;
  const forms: (() => string)[] = [() => `${n}${u}`, () => `約${n}${u}`];
  if (u !== '%' && u !== '') forms.push(() => `延べ${n}${u}`);
  if (role === 'baseline' && u !== '%' && u !== '') forms.push(() => `過去5年間実績 ${n}${u}`);
  if (role === 'actual') forms.push(() => `(速報値) ${n}${u}`);
  if (role === 'target') {
    forms.push(() => `${n}${u}以上`);
    if (Number.isInteger(v) && u !== '%' && u !== '') forms.push(() => `${n}~${numberText(v + 2)}${u}/年`);
  }
  return r.pick(forms)();
}

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 400 + k);
  const s = knownStrategy(r);
  const format = FORMATS[k % FORMATS.length]!;
  const yearStyle = YEAR_STYLES[k % YEAR_STYLES.length]!;
  const combined = k % 3 === 2;
  const y = (fy: number) => yearText(fy, yearStyle);
  const actualYears = [s.period.from, s.period.from + 1]
    .filter((x) => x <= s.period.to)
    .slice(0, r.int(1, 2));
  const kpis = s.indicators.filter((i) => i.role === 'kpi');
  const truth: ExpectedIndicator[] = [];
  const head = combined
    ? ['指標名', '現状値・目標値', ...actualYears.map((a) => `${y(a)}実績`), '担当課']
    : [
        '指標名',
        `基準値（${y(s.period.from - 1)}）`,
        ...actualYears.map((a) => `${y(a)}実績`),
        `目標値（${y(s.period.to)}）`,
        '担当課',
      ];
  const rows: (string | null)[][] = [['数値目標・KPIの状況'], head];
  for (const ind of kpis) {
    const unit = ind.unit;
    const actual = (year: number) => {
      const v = ind.actuals.find((a) => a.year === year)?.value ?? null;
      return written(r, r.chance(0.1) ? null : v, unit, 'actual');
    };
    const e = expectIndicator(s, ind, { actualYears, department: true });
    const actuals = actualYears.map((year) => {
      const text = actual(year);
      if (/^[-―－]$|調査中/u.test(text))
        e.actuals = e.actuals!.map((a) => (a.year === year ? { ...a, value: null } : a));
      return text;
    });
    if (combined) {
      const both = `${yearText(ind.baseline.year, 'R5年度')}現在 ${numberText(ind.baseline.value!)}${unit} / ${yearText(ind.target.year, 'R5年度')}予測 ${numberText(ind.target.value!)}${unit}`;
      rows.push([ind.name, both, ...actuals, ind.department]);
    } else
      rows.push([
        ind.name,
        written(r, ind.baseline.value, unit, 'baseline'),
        ...actuals,
        written(r, ind.target.value, unit, 'target'),
        ind.department,
      ]);
    truth.push(e);
  }
  rows.push(['※ 「調査中」は集計中のため未記載。']);
  const sheet: Sheet = { name: '状況', rows };
  return {
    family: 'values-as-written',
    variant: `${format}, ${combined ? 'baseline and target in one cell' : 'forms per cell'}, ${yearStyle}`,
    files: writeFiles(`values-${k}`, format, [sheet], format === 'tsv' ? r : undefined),
    truth: { indicators: truth },
  };
}

export const valuesAsWritten: Family = {
  id: 'values-as-written',
  title: 'figures as typed (延べ, 約, 以上, ranges, 過去5年間実績, 現在/予測 in one cell, -, ―, 調査中)',
  cases: (seed) => Array.from({ length: 18 }, (_, k) => makeCase(seed, k)),
};
