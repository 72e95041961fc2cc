/**
 * Family `distractors`: a KPI table with rows that carry numbers or text but are no indicator:
 * budget lines under the year columns (予算額, 決算額, 国支出金, 一般財源), bullet lists of what
 * was done (`・`, `○`, `①`), page numbers (`- 3 -`, `3/12`, `P.4`), footnotes (`※1`, `注）`,
 * `出典：`). None of them may come out as an indicator or a figure of one.
 */
import { expectIndicator, periodYears } from '../expect.ts';
import { FORMATS, figureText, numberText, type Sheet, writeFiles, YEAR_STYLES, yearText } from '../render.ts';
import { knownStrategy, type Rand, rand } from '../strategy.ts';
import type { CorpusCase, Family } from '../types.ts';

const BUDGET = [
  ['予算額（千円）', '決算額（千円）'],
  ['国支出金', '県支出金'],
  ['一般財源', 'その他'],
];
const BULLETS = [
  '・移住相談会を年4回開催した。',
  '○空き家の改修に対する補助を実施した。',
  '① 就農希望者向けの研修を行った。',
  '・SNSを活用した情報発信を強化した。',
  '◆子育て世帯向けの相談窓口を設けた。',
];
const PAGES = [
  (n: number) => `- ${n} -`,
  (n: number) => `${n}/12`,
  (n: number) => `P.${n}`,
  (n: number) => `－${n}－`,
];
const NOTES = [
  '※1 実績値は年度末時点。',
  '注）一部の数値は速報値です。',
  '出典：市統計書',
  '※ 空欄は未集計。',
];

function budgetRows(r: Rand, lead: number, width: number): (string | null)[][] {
  return BUDGET.map((pair) => [
    ...Array.from({ length: lead }, () => null),
    r.pick(pair),
    ...Array.from({ length: width }, () => numberText(r.int(500, 90000))),
  ]);
}

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 500 + k);
  const s = knownStrategy(r, { kpisPerMeasure: [1, 3] });
  const format = FORMATS[k % FORMATS.length]!;
  const yearStyle = YEAR_STYLES[(k + 2) % YEAR_STYLES.length]!;
  const y = (fy: number) => yearText(fy, yearStyle);
  const unit = r.pick(['cell', 'name'] as const);
  const years = periodYears(s).slice(0, 2);
  const head = [
    '指標名',
    `基準値（${y(s.period.from - 1)}）`,
    ...years.map((x) => `${y(x)}実績`),
    `目標値（${y(s.period.to)}）`,
    '担当課',
  ];
  const rows: (string | null)[][] = [['重要業績評価指標（KPI）'], head];
  const kpis = s.indicators.filter((i) => i.role === 'kpi');
  let page = 1;
  const kinds = new Set<string>();
  for (const m of s.measures) {
    for (const ind of kpis.filter((i) => i.owner.code === m.code)) {
      const name = unit === 'name' && ind.unit ? `${ind.name}（${ind.unit}）` : ind.name;
      rows.push([
        name,
        figureText(ind.baseline.value, ind.unit, unit),
        ...years.map((x) => figureText(ind.actuals.find((a) => a.year === x)?.value ?? null, ind.unit, unit)),
        figureText(ind.target.value, ind.unit, unit),
        ind.department,
      ]);
    }
    const what = r.int(0, 3);
    if (what === 0) {
      // Budget lines under the figure columns, labelled in the name column or one to its left.
      rows.push(...budgetRows(r, 0, years.length + 2));
      kinds.add('budget');
    } else if (what === 1) {
      rows.push(
        ...r
          .shuffle(BULLETS)
          .slice(0, r.int(1, 3))
          .map((b) => [b]),
      );
      kinds.add('bullets');
    } else if (what === 2) {
      rows.push([r.pick(PAGES)(page++)], head);
      kinds.add('page');
    } else {
      rows.push([r.pick(NOTES)]);
      kinds.add('note');
    }
  }
  rows.push([r.pick(NOTES)], [r.pick(PAGES)(page)]);
  const sheet: Sheet = { name: 'KPI', rows };
  return {
    family: 'distractors',
    variant: `${format}, unit in ${unit}, ${[...kinds].join('/')}`,
    files: writeFiles(`distractors-${k}`, format, [sheet], format === 'tsv' ? r : undefined),
    truth: { indicators: kpis.map((i) => expectIndicator(s, i, { actualYears: years, department: true })) },
  };
}

export const distractors: Family = {
  id: 'distractors',
  title: 'KPI rows among budget lines, bullet lists, page numbers and footnotes',
  cases: (seed) => Array.from({ length: 16 }, (_, k) => makeCase(seed, k)),
};
