/**
 * Family `name-value`: the indicator's name and a figure in one cell (`就業相談者数 100人`), as
 * tables copied from a plan's text often are. Either the name column holds the name with the
 * target (`KPI（R6目標）`: `就業相談者数 150人`) beside a baseline column, or with the baseline
 * (`指標・現状値`: `就業相談者数 100人（R1）`) beside a target column. The figure is separated by a
 * space (half or full width) or a colon; units in the cell; years in the header or the cell.
 */
import { expectIndicator } from '../expect.ts';
import { FORMATS, figureText, type Sheet, writeFiles, YEAR_STYLES, yearText } from '../render.ts';
import { knownStrategy, rand } from '../strategy.ts';
import type { CorpusCase, Family } from '../types.ts';

type Style = 'name-target' | 'name-baseline';
const STYLES: readonly Style[] = ['name-target', 'name-baseline'];
const SEPARATORS = [' ', '　', '：'];

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 400 + k);
  const s = knownStrategy(r);
  const format = FORMATS[k % FORMATS.length]!;
  const style = STYLES[Math.floor(k / 4) % STYLES.length]!;
  const yearStyle = r.pick(YEAR_STYLES);
  const y = (fy: number) => yearText(fy, yearStyle);
  const yearsInHeader = r.chance(0.5);
  const sep = r.pick(SEPARATORS);
  const department = r.chance(0.5);
  const kpis = s.indicators.filter((i) => i.role === 'kpi');
  const fig = (f: { value: number | null; year: number }, unit: string) => {
    const v = figureText(f.value, unit, 'cell');
    return yearsInHeader ? v : `${v}（${y(f.year)}）`;
  };
  const header =
    style === 'name-target'
      ? [
          '施策',
          yearsInHeader ? `KPI（${y(s.period.to)}目標）` : 'KPI（目標）',
          yearsInHeader ? `現状値（${y(s.period.from - 1)}）` : '現状値',
        ]
      : [
          '施策',
          yearsInHeader ? `指標・現状値（${y(s.period.from - 1)}）` : '指標・現状値',
          yearsInHeader ? `目標値（${y(s.period.to)}）` : '目標値',
        ];
  if (department) header.push('担当課');
  const rows: (string | null)[][] = [['重要業績評価指標'], header];
  for (const m of s.measures) {
    kpis
      .filter((i) => i.owner.code === m.code)
      .forEach((ind, n) => {
        const joined = (f: { value: number | null; year: number }) => `${ind.name}${sep}${fig(f, ind.unit)}`;
        const cells =
          style === 'name-target'
            ? [joined(ind.target), fig(ind.baseline, ind.unit)]
            : [joined(ind.baseline), fig(ind.target, ind.unit)];
        rows.push([
          n === 0 ? `${m.code} ${m.name}` : null,
          ...cells,
          ...(department ? [ind.department] : []),
        ]);
      });
  }
  const sheet: Sheet = { name: 'KPI', rows };
  return {
    family: 'name-value',
    variant: `${format}, ${style}, separator "${sep}", years ${yearsInHeader ? 'in header' : 'in cells'} ${yearStyle}`,
    files: writeFiles(`name-value-${k}`, format, [sheet], format === 'tsv' ? r : undefined),
    truth: { indicators: kpis.map((i) => expectIndicator(s, i, { department, parent: true })) },
  };
}

export const nameValue: Family = {
  id: 'name-value',
  title: 'the indicator name and a figure in one cell (就業相談者数 100人), the other figure beside it',
  cases: (seed) => Array.from({ length: 16 }, (_, k) => makeCase(seed, k)),
};
