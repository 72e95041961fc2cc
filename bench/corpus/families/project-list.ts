/**
 * Family `project-list`: indicators that hang under projects (事業) under measures under goals.
 * Two layouts: a project list where the goal and the measure are heading rows (`基本目標1 …`,
 * `(1) …` / `施策1-2 …`) above numbered project rows with their own KPIs; and hierarchy columns
 * (基本目標 / 施策 / 事業名 / KPI …) filled down (blank below their first row) or merged in XLSX.
 * A project with two KPIs takes two rows, its number and name written once. Varies the header
 * words, an outline column (事業概要), the department column, the years (header or cells) and the
 * unit place.
 */
import { expectIndicator } from '../expect.ts';
import {
  colName,
  FORMATS,
  figureText,
  nameText,
  type Sheet,
  type UnitStyle,
  writeFiles,
  YEAR_STYLES,
  yearText,
} from '../render.ts';
import { knownStrategy, rand } from '../strategy.ts';
import type { CorpusCase, ExpectedPlaced, Family, KnownStrategy } from '../types.ts';

type Style = 'heading-rows' | 'hierarchy-columns';
const STYLES: readonly Style[] = ['heading-rows', 'hierarchy-columns'];
const PROJECT_WORDS = ['事業名', '事務事業名', '取組事業名'];
const KPI_WORDS = ['KPI', '指標名', '成果指標', '重要業績評価指標（KPI）'];
const MEASURE_STYLES = ['(n)', '施策n', 'n-m'] as const;
const OUTLINES = [
  '相談窓口を設けて支援する。',
  '補助金により取組を後押しする。',
  '関係団体と連携して実施する。',
];

function measureHeading(style: (typeof MEASURE_STYLES)[number], s: KnownStrategy, code: string): string {
  const m = s.measures.find((x) => x.code === code)!;
  const n = Number(code.split('-')[1]);
  if (style === '(n)') return `（${n}）${m.name}`;
  if (style === '施策n') return `施策${code} ${m.name}`;
  return `${code} ${m.name}`;
}

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 300 + k);
  const s = knownStrategy(r, {
    kpisPerMeasure: [0, 0],
    targetsPerGoal: [0, 0],
    projectsPerMeasure: [1, 3],
    indicatorsPerProject: [1, 2],
  });
  const format = FORMATS[k % FORMATS.length]!;
  const style = STYLES[Math.floor(k / 4) % STYLES.length]!;
  const yearStyle = r.pick(YEAR_STYLES);
  const y = (fy: number) => yearText(fy, yearStyle);
  const yearsInHeader = r.chance(0.5);
  const unit: UnitStyle = r.pick(['cell', 'name'] as const);
  const department = r.chance(0.6);
  const outline = r.chance(0.4);
  const measureStyle = r.pick(MEASURE_STYLES);
  const words = { project: r.pick(PROJECT_WORDS), kpi: r.pick(KPI_WORDS) };
  const lead = style === 'hierarchy-columns' ? ['基本目標', '施策'] : ['No.'];
  const header = [
    ...lead,
    words.project,
    ...(outline ? ['事業概要'] : []),
    words.kpi,
    yearsInHeader ? `基準値（${y(s.period.from - 1)}）` : '基準値',
    yearsInHeader ? `目標値（${y(s.period.to)}）` : '目標値',
    ...(department ? ['担当課'] : []),
  ];
  const fig = (f: { value: number | null; year: number }, u: string) => {
    const v = figureText(f.value, u, unit);
    return yearsInHeader ? v : `${v}（${y(f.year)}）`;
  };
  const rows: (string | null)[][] = [['まち・ひと・しごと創生総合戦略 事業一覧'], header];
  const merges: string[] = [];
  let no = 0;
  for (const goal of s.goals) {
    if (style === 'heading-rows') rows.push([`基本目標${goal.code} ${goal.name}`]);
    s.measures
      .filter((m) => m.goal === goal.code)
      .forEach((m, mi) => {
        if (style === 'heading-rows') rows.push([measureHeading(measureStyle, s, m.code)]);
        s.projects
          .filter((p) => p.measure === m.code)
          .forEach((p, pi) => {
            const inds = s.indicators.filter((i) => i.owner.kind === 'project' && i.owner.code === p.code);
            no++;
            const top = rows.length + 1;
            inds.forEach((ind, ii) => {
              const first = ii === 0;
              const hier =
                style === 'hierarchy-columns'
                  ? [
                      first && mi === 0 && pi === 0 ? `${goal.code} ${goal.name}` : null,
                      first && pi === 0 ? `${m.code} ${m.name}` : null,
                    ]
                  : [first ? String(no) : null];
              rows.push([
                ...hier,
                first ? p.name : null,
                ...(outline ? [first ? r.pick(OUTLINES) : null] : []),
                nameText(ind.name, ind.unit, unit),
                fig(ind.baseline, ind.unit),
                fig(ind.target, ind.unit),
                ...(department ? [ind.department] : []),
              ]);
            });
            if (format === 'xlsx' && inds.length > 1) {
              const c = lead.length + 1;
              merges.push(`${colName(c)}${top}:${colName(c)}${top + inds.length - 1}`);
            }
          });
      });
  }
  if (r.chance(0.5)) rows.push(['※ 事業の内容は予算の状況により変更することがあります。']);
  const sheet: Sheet = { name: '事業一覧', rows, merges };
  const inds = s.indicators.filter((i) => i.owner.kind === 'project');
  const measureOf = (code: string) => s.measures.find((m) => m.code === code)!;
  const projects: ExpectedPlaced[] = s.projects.map((p) => ({
    name: p.name,
    parent: { kind: 'measure', name: measureOf(p.measure).name },
  }));
  const measures: ExpectedPlaced[] = s.measures.map((m) => ({
    name: m.name,
    parent: { kind: 'goal', name: s.goals.find((g) => g.code === m.goal)!.name },
  }));
  return {
    family: 'project-list',
    variant: [
      format,
      style,
      `measures as ${style === 'heading-rows' ? measureStyle : 'column'}`,
      words.project,
      words.kpi,
      outline ? 'outline' : 'no outline',
      `years ${yearsInHeader ? 'in header' : 'in cells'} ${yearStyle}`,
      `unit in ${unit}`,
    ].join(', '),
    files: writeFiles(`project-list-${k}`, format, [sheet], format === 'tsv' ? r : undefined),
    truth: {
      indicators: inds.map((i) => expectIndicator(s, i, { department, parent: true })),
      measures,
      projects,
    },
  };
}

export const projectList: Family = {
  id: 'project-list',
  title: 'projects under measures under goals (heading rows or hierarchy columns), KPIs per project',
  cases: (seed) => Array.from({ length: 16 }, (_, k) => makeCase(seed, k)),
};
