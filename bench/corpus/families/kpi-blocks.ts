/**
 * Family `kpi-blocks`: one block per indicator, as evaluation sheets print them: a title row
 * (`成果指標 | 名称`), an optional 担当課 row, a year row marked with 現状値 / 目標値 (`区分 | 現状値
 * H30 | R2 | R3 | … | 目標値 R6`), a plan row (目標 / 計画 / 期待値) and an actual row (実績 /
 * 実績値), under measure lines (`1-1 施策名`). Varies the words, era year styles, units in the
 * cells or in the year row (`[単位] 人`), and notes between the blocks.
 */
import { expectIndicator, expectMeasures } from '../expect.ts';
import { FORMATS, numberText, type Sheet, writeFiles, yearText } from '../render.ts';
import { knownStrategy, rand } from '../strategy.ts';
import type { CorpusCase, ExpectedIndicator, Family, KnownIndicator } from '../types.ts';

const ERA_STYLES = ['R5', '令和5年度', 'R5年度', 'H30'] as const;

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 800 + k);
  const s = knownStrategy(r);
  const format = FORMATS[k % FORMATS.length]!;
  const style = ERA_STYLES[k % ERA_STYLES.length]!;
  const titleWord = r.pick(['成果指標', 'KPI', '指標名']);
  const baseWord = r.pick(['現状値', '基準値', '策定時']);
  const targetWord = r.pick(['目標値', '目標']);
  const planWord = r.pick(['目標', '計画', '期待値']);
  const actualWord = r.pick(['実績', '実績値']);
  const unitInRow = r.chance(0.5) && s.indicators.every((i) => i.unit !== '');
  const dept = r.chance(0.6);
  const y = (fy: number) => yearText(fy, style);
  const years: number[] = [];
  for (let fy = s.period.from; fy < s.period.to; fy++) years.push(fy);
  const rows: (string | null)[][] = [['重要業績評価指標 評価シート']];
  const truth: ExpectedIndicator[] = [];
  const written: KnownIndicator[] = [];
  const cell = (v: number | null, unit: string) =>
    v == null ? '-' : `${numberText(v)}${unitInRow ? '' : unit}`;
  for (const m of s.measures) {
    const kpis = s.indicators.filter((i) => i.role === 'kpi' && i.owner.code === m.code);
    if (kpis.length === 0) continue;
    rows.push([`${m.code} ${m.name}`]);
    for (const ind of kpis) {
      rows.push([titleWord, ind.name]);
      if (dept) rows.push(['担当課', ind.department]);
      rows.push([
        unitInRow ? `[単位] ${ind.unit}` : '区分',
        `${baseWord} ${y(ind.baseline.year)}`,
        ...years.map(y),
        `${targetWord} ${y(ind.target.year)}`,
      ]);
      const b = ind.baseline.value ?? 0;
      const t = ind.target.value ?? 0;
      const plan = years.map((_, n) => {
        const v = b + ((t - b) * (n + 1)) / (years.length + 1);
        return ind.unit === '%' || ind.unit === '' ? Math.round(v * 10) / 10 : Math.round(v);
      });
      rows.push([
        planWord,
        cell(ind.baseline.value, ind.unit),
        ...plan.map((v) => cell(v, ind.unit)),
        cell(ind.target.value, ind.unit),
      ]);
      const actuals = years.map((fy) => ind.actuals.find((a) => a.year === fy));
      rows.push([actualWord, null, ...actuals.map((a) => (a ? cell(a.value, ind.unit) : '-'))]);
      const writtenYears = years.filter((fy) => ind.actuals.some((a) => a.year === fy));
      truth.push(expectIndicator(s, ind, { actualYears: writtenYears, department: dept, parent: true }));
      written.push(ind);
    }
    if (r.chance(0.3)) rows.push(['※ 実績値は年度末時点の数値です。']);
  }
  const sheet: Sheet = { name: '評価シート', rows };
  return {
    family: 'kpi-blocks',
    variant: [
      format,
      style,
      titleWord,
      `${baseWord}/${targetWord}`,
      `${planWord}/${actualWord}`,
      unitInRow ? 'unit in year row' : 'unit in cells',
      dept ? 'department row' : null,
    ]
      .filter(Boolean)
      .join(', '),
    files: writeFiles(`blocks-${k}`, format, [sheet]),
    truth: { indicators: truth, measures: expectMeasures(s, written).map((x) => ({ ...x, parent: null })) },
  };
}

export const kpiBlocks: Family = {
  id: 'kpi-blocks',
  title: 'one block per indicator: title row, year row with 現状値/目標値, plan and actual rows',
  cases: (seed) => Array.from({ length: 16 }, (_, k) => makeCase(seed, k)),
};
