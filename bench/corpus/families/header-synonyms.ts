/**
 * Family `header-synonyms`: the header words cities use for the same columns. A column headed
 * `KPI`, `指標値`, `数値目標` or `目標` that holds the target (the name is under `項目`, `指標名`,
 * `成果指標`, ...); baselines under `現状値`, `策定時`, `基準値(H26)`; actuals under `実績`,
 * `中間実績値`, `R6実績`; status columns as grades (A/B/C/D), marks (◎○△×), words (達成/未達成,
 * 順調/概ね順調/遅れ).
 */
import { expectIndicator } from '../expect.ts';
import { FORMATS, figureText, nameText, type Sheet, writeFiles, YEAR_STYLES, yearText } from '../render.ts';
import { knownStrategy, rand } from '../strategy.ts';
import type { CorpusCase, Family, KnownIndicator } from '../types.ts';

const NAME_WORDS = ['項目', '指標名', '成果指標', '評価指標', '指標の名称'];
const TARGET_WORDS = ['KPI', '指標値', '数値目標', '目標', '目標数値'];
const BASELINE_WORDS = ['現状値', '策定時', '基準値', '現況値'];
const ACTUAL_WORDS = ['実績', '中間実績値', '実績値', '直近値'];
const STATUS_SCHEMES: { header: string; words: string[] }[] = [
  { header: '評価', words: ['A', 'B', 'C', 'D'] },
  { header: '達成状況', words: ['◎', '○', '△', '×'] },
  { header: '判定', words: ['達成', '未達成'] },
  { header: '進捗状況', words: ['順調', '概ね順調', '遅れ'] },
];

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 300 + k);
  const s = knownStrategy(r);
  const format = FORMATS[k % FORMATS.length]!;
  const yearStyle = YEAR_STYLES[(k + 3) % YEAR_STYLES.length]!;
  const y = (fy: number) => yearText(fy, yearStyle);
  const unit = r.pick(['cell', 'name'] as const);
  const nameWord = NAME_WORDS[k % NAME_WORDS.length]!;
  const targetWord = TARGET_WORDS[Math.floor(k / 2) % TARGET_WORDS.length]!;
  const baselineWord = BASELINE_WORDS[k % BASELINE_WORDS.length]!;
  const actualWord = ACTUAL_WORDS[(k + 1) % ACTUAL_WORDS.length]!;
  const scheme = STATUS_SCHEMES[k % STATUS_SCHEMES.length]!;
  const actualYear = s.period.from + r.int(0, 2);
  // `R6実績` writes the year before the word; the others after it, in brackets.
  const actualHeader = r.chance(0.4)
    ? `${yearText(actualYear, 'R5')}${actualWord}`
    : `${actualWord}（${y(actualYear)}）`;
  const withActual = r.chance(0.8);
  const cols: { head: string; cell: (i: KnownIndicator) => string | null }[] = [
    { head: nameWord, cell: (i) => nameText(i.name, i.unit, unit) },
    {
      head: `${baselineWord}（${y(s.period.from - 1)}）`,
      cell: (i) => figureText(i.baseline.value, i.unit, unit),
    },
  ];
  if (withActual)
    cols.push({
      head: actualHeader,
      cell: (i) => figureText(i.actuals.find((a) => a.year === actualYear)?.value ?? null, i.unit, unit),
    });
  cols.push({
    head: `${targetWord}（${y(s.period.to)}）`,
    cell: (i) => figureText(i.target.value, i.unit, unit),
  });
  const statusOf = new Map<KnownIndicator, string>();
  cols.push({
    head: scheme.header,
    cell: (i) => {
      const w = r.pick(scheme.words);
      statusOf.set(i, w);
      return w;
    },
  });
  const department = r.chance(0.6);
  if (department) cols.push({ head: r.pick(['担当課', '所管課', '担当部署']), cell: (i) => i.department });
  if (r.chance(0.5)) {
    // The target column before the baseline: the order is no guide.
    const t = cols.findIndex((c) => c.head.startsWith(targetWord));
    const [tc] = cols.splice(t, 1);
    cols.splice(1, 0, tc!);
  }
  const kpis = s.indicators.filter((i) => i.role === 'kpi');
  const rows: (string | null)[][] = [['総合戦略 指標の達成状況'], cols.map((c) => c.head)];
  for (const ind of kpis) rows.push(cols.map((c) => c.cell(ind)));
  const sheet: Sheet = { name: '達成状況', rows };
  return {
    family: 'header-synonyms',
    variant: `${format}, ${cols.map((c) => c.head).join(' | ')}`,
    files: writeFiles(`synonyms-${k}`, format, [sheet], format === 'tsv' ? r : undefined),
    truth: {
      indicators: kpis.map((i) => ({
        ...expectIndicator(s, i, { actualYears: withActual ? [actualYear] : [], department }),
        status: statusOf.get(i)!,
      })),
    },
  };
}

export const headerSynonyms: Family = {
  id: 'header-synonyms',
  title:
    'header words as cities write them (KPI / 指標値 / 数値目標 holding the target, 策定時, 中間実績値, status grades)',
  cases: (seed) => Array.from({ length: 20 }, (_, k) => makeCase(seed, k)),
};
