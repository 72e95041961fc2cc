/**
 * Family `project-sheets`: project sheets (個票), one block per project (goal, related plan
 * measure, project name, bodies, period, the strategy's 成果目標), its 事業内容, and a 実績・予定 row
 * of yearly texts with the project's own indicators (設定指標) beside it, written in the shapes
 * word processors and PDF conversions leave them:
 * - `cell`: one cell `設定指標 名称A 10件 名称B 3件` (targets only; a single indicator may carry
 *   `実績 … R2:13件`);
 * - `pairs`: a `設定指標 | 実績` header pair, then one row per indicator `名称 10件 | 名称 4件`
 *   (the 実績 side repeating the name, or led by its year `R2: 4件`, `【令和2年度】 4件`);
 * - `name-rows`: the header pair, then a name row `名称 | 名称` and a figure row `10件 | 4件`;
 * - `items`: the header pair, then one row listing every indicator with its target on the left and
 *   their actuals in the same order on the right (`【令和2年実績】 名称A 4件 名称B 1件`);
 * - `column`: `設定指標`, `実績`, `名称 10件`, `4件` down the KPI column;
 * - `no-header`: `名称 10件` beside `実績 4件` (or the same name with its actual) on the year row;
 * - `numbered`: the header pair, then `① 10件 ② 3件 | ① 4件 ② 1件`, the names given by the
 *   same-numbered items of the row's yearly texts (`①名称A 2件 ②名称B 1件`);
 * - `html`: the grid kept as an HTML table in one cell.
 * The truth: each indicator's name, target and parent project; its actual where the layout dates
 * it (undated actuals are not scored: their year is not written).
 */
import { expectIndicator } from '../expect.ts';
import { FORMATS, figureText, type Sheet, writeFiles, yearText } from '../render.ts';
import { knownStrategy, rand } from '../strategy.ts';
import type { CorpusCase, ExpectedIndicator, Family, KnownIndicator, KnownStrategy } from '../types.ts';

const SHAPES = ['cell', 'pairs', 'name-rows', 'items', 'column', 'no-header', 'numbered', 'html'] as const;
type Shape = (typeof SHAPES)[number];
const LABELS = ['設定指標', '設定目標'];
const MARKS = ['①', '②', '③', '④'];
const PLANS = ['講座を開催する', '相談会を開く', '関係団体と連携して実施する', '補助金を交付する'];

const HEAD = [
  '基本目標',
  '総合計画の関連施策',
  '上段:事務事業名 下段:事業名',
  '事業主体',
  '期間',
  '関連する総合戦略の成果目標・重要業績評価指標(KPI)',
];

interface Written {
  /** Rows of the 実績・予定 part (the KPI columns start at `kpiCol`). */
  rows: (string | null)[][];
  /** Whether the actual of the first year is written with its year. */
  dated: boolean;
}

/** The 実績・予定 rows of one project in a shape. */
function writeIndicators(
  shape: Shape,
  s: KnownStrategy,
  inds: KnownIndicator[],
  years: string[],
  pick: <T>(xs: readonly T[]) => T,
  chance: (p: number) => boolean,
): Written {
  const fy = s.period.from;
  const era = yearText(fy, 'R5');
  const fig = (v: number | null, unit: string) => figureText(v, unit, 'cell');
  const target = (i: KnownIndicator) => fig(i.target.value, i.unit);
  const actual = (i: KnownIndicator) => i.actuals.find((a) => a.year === fy)?.value ?? null;
  const plans = (texts: string[]) => years.map((_, k) => texts[k % texts.length] ?? '');
  const label = pick(LABELS);
  const plain = plans([pick(PLANS)]);
  switch (shape) {
    case 'cell': {
      if (inds.length === 1 && chance(0.5)) {
        const i = inds[0]!;
        const a = actual(i);
        const tail = a != null ? ` ${era}:${fig(a, i.unit)}` : '';
        return { rows: [['', ...plain, `${label} 実績 ・${i.name}${target(i)}${tail}`]], dated: a != null };
      }
      const list = inds.map((i, k) => `${inds.length > 1 ? MARKS[k] : ''}${i.name} ${target(i)}`).join(' ');
      return { rows: [['', ...plain, `${label} ${list}`]], dated: false };
    }
    case 'pairs': {
      const style = pick(['name', 'era', 'bracket'] as const);
      const rows: (string | null)[][] = [['', ...plain, label, '実績']];
      for (const i of inds) {
        const a = actual(i);
        const right =
          a == null
            ? ''
            : style === 'name'
              ? `${i.name} ${fig(a, i.unit)}`
              : style === 'era'
                ? `${era}: ${fig(a, i.unit)}`
                : `【${yearText(fy, '令和5年度')}】 ${fig(a, i.unit)}`;
        rows.push(['', ...years.map(() => ''), `${i.name} ${target(i)}`, right]);
      }
      return { rows, dated: style !== 'name' };
    }
    case 'name-rows': {
      const rows: (string | null)[][] = [['', ...plain, label, '実績']];
      for (const i of inds) {
        const a = actual(i);
        rows.push(['', ...years.map(() => ''), i.name, i.name]);
        rows.push(['', ...years.map(() => ''), target(i), a == null ? '' : fig(a, i.unit)]);
      }
      return { rows, dated: false };
    }
    case 'items': {
      const dated = inds.every((i) => actual(i) != null);
      const left = inds.map((i) => `${i.name} ${target(i)}`).join(' ');
      const right = dated
        ? `【${yearText(fy, '令和5年度').replace('年度', '年')}実績】 ${inds.map((i) => `${i.name} ${fig(actual(i), i.unit)}`).join(' ')}`
        : '';
      return {
        rows: [
          ['', ...plain, label, ''],
          ['', ...years.map(() => ''), left, right],
        ],
        dated,
      };
    }
    case 'column': {
      const rows: (string | null)[][] = [
        ['', ...plain, label],
        ['', ...years.map(() => ''), '実績'],
      ];
      for (const i of inds) {
        const a = actual(i);
        rows.push(['', ...years.map(() => ''), `${i.name} ${target(i)}`]);
        rows.push(['', ...years.map(() => ''), a == null ? '-' : fig(a, i.unit)]);
      }
      return { rows, dated: false };
    }
    case 'no-header': {
      const i = inds[0]!;
      const a = actual(i);
      const right = a == null ? '' : chance(0.5) ? `実績 ${fig(a, i.unit)}` : `${i.name} ${fig(a, i.unit)}`;
      const rows: (string | null)[][] = [['', ...plain, `${i.name} ${target(i)}`, right]];
      for (const j of inds.slice(1)) {
        const b = actual(j);
        rows.push([
          '',
          ...years.map(() => ''),
          `${j.name} ${target(j)}`,
          b == null ? '' : `${j.name} ${fig(b, j.unit)}`,
        ]);
      }
      return { rows, dated: false };
    }
    case 'numbered': {
      const named = inds.map(
        (i, k) => `${MARKS[k]}${i.name} ${fig(Math.max(1, Math.round((i.target.value ?? 4) / 4)), i.unit)}`,
      );
      const dated = inds.every((i) => actual(i) != null);
      return {
        rows: [
          ['', ...plain, label, '実績'],
          [
            '',
            ...years.map(() => named.join(' ')),
            inds.map((i, k) => `${MARKS[k]} ${target(i)}`).join(' '),
            dated ? inds.map((i, k) => `${MARKS[k]} ${fig(actual(i), i.unit)}`).join(' ') : '',
          ],
        ],
        dated: false,
      };
    }
    case 'html': {
      const cells = inds.flatMap((i) => {
        const a = actual(i);
        return [
          `<tr> <td>${i.name}</td> <td>${i.name}</td> </tr>`,
          `<tr> <td>${target(i)}</td> <td>${a == null ? '' : fig(a, i.unit)}</td> </tr>`,
        ];
      });
      return {
        rows: [
          [
            '',
            ...plain,
            `<table border="1"> <tr> <th>${label}</th> <th>実績</th> </tr> ${cells.join(' ')} </table>`,
          ],
        ],
        dated: false,
      };
    }
  }
}

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 500 + k);
  const s = knownStrategy(r, {
    kpisPerMeasure: [0, 0],
    targetsPerGoal: [0, 0],
    projectsPerMeasure: [1, 2],
    indicatorsPerProject: [1, 3],
  });
  const format = FORMATS[k % FORMATS.length]!;
  const years: string[] = [];
  for (let y = s.period.from; y <= s.period.to; y++) years.push(yearText(y, '令和5年度'));
  const rows: (string | null)[][] = [['重点施策（個票）']];
  const truth: ExpectedIndicator[] = [];
  const used: Shape[] = [];
  s.projects.forEach((p, n) => {
    const measure = s.measures.find((m) => m.code === p.measure)!;
    const goal = s.goals.find((g) => g.code === measure.goal)!;
    const inds = s.indicators.filter((i) => i.owner.kind === 'project' && i.owner.code === p.code);
    if (inds.length === 0) return;
    const shape = SHAPES[(k + n) % SHAPES.length]!;
    used.push(shape);
    const written = writeIndicators(
      shape,
      s,
      inds,
      years,
      (xs) => r.pick(xs),
      (q) => r.chance(q),
    );
    rows.push([]);
    rows.push([`No. ${n + 1}`]);
    rows.push(HEAD);
    rows.push([
      `${goal.code}. ${goal.name}`,
      `${measure.code} ${measure.name}`,
      p.name,
      `市 (${p.department})`,
      `${yearText(s.period.from, 'R5')} ~ ${yearText(s.period.to, 'R5')}`,
      '成果目標',
      '―',
    ]);
    rows.push(['事業内容']);
    rows.push([r.pick(PLANS)]);
    rows.push(['実績・予定', ...years, '重要業績評価指標(KPI)']);
    rows.push(...written.rows);
    const fy = s.period.from;
    for (const ind of inds) {
      const want = expectIndicator(s, ind, {
        baseline: false,
        parent: true,
        actualYears: written.dated && ind.actuals.some((a) => a.year === fy && a.value != null) ? [fy] : [],
      });
      if (want.target) want.target = { value: want.target.value, year: null };
      truth.push(want);
    }
  });
  const sheet: Sheet = { name: '個票', rows };
  return {
    family: 'project-sheets',
    variant: [format, [...new Set(used)].join('/')].join(', '),
    files: writeFiles(`project-sheets-${k}`, format, [sheet], format === 'tsv' ? r : undefined),
    truth: { indicators: truth },
  };
}

export const projectSheets: Family = {
  id: 'project-sheets',
  title: 'project sheets (個票): 設定指標 | 実績 as one cell, header pairs, name rows, items, a column, HTML',
  cases: (seed) => Array.from({ length: 16 }, (_, k) => makeCase(seed, k)),
};
