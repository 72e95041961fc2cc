/**
 * The layout corpus: known strategies written in the many layouts municipalities use, with the
 * ground truth, scored family by family (`npm run bench -- import-corpus` prints the table;
 * test/import-corpus.test.ts holds the floors).
 *
 * Adding a family is a one-file job:
 *   1. write `bench/corpus/families/<id>.ts` exporting a `Family` (types.ts): `cases(seed)` draws
 *      known strategies with `knownStrategy(rand(...))` (strategy.ts), lays them out as sheets of
 *      text cells and writes them with `writeFiles` (render.ts: TSV with PDF leftovers, CSV UTF-8 /
 *      Shift_JIS, XLSX with merges and several sheets), and returns each case's `Truth`: the
 *      indicators (and measures / projects with their parents) exactly as written, leaving a
 *      field undefined where the layout does not write it;
 *   2. add it to `FAMILIES` below (the printed table and the floors pick it up).
 * Cases are deterministic (seeded, no network, no clock); never tune a family to pass: the truth
 * is what a careful reader would take from the document.
 */
import { arrowSummary } from './families/arrow-summary.ts';
import { distractors } from './families/distractors.ts';
import { groupedHeaders } from './families/grouped-headers.ts';
import { headerSynonyms } from './families/header-synonyms.ts';
import { kpiBlocks } from './families/kpi-blocks.ts';
import { kpiGroups } from './families/kpi-groups.ts';
import { kpiRow } from './families/kpi-row.ts';
import { nameValue } from './families/name-value.ts';
import { projectList } from './families/project-list.ts';
import { projectSheets } from './families/project-sheets.ts';
import { valuesAsWritten } from './families/values-as-written.ts';
import { addScore, emptyScore, METRICS, recognizeCase, type Score, scoreCase } from './score.ts';
import type { Family } from './types.ts';

export type { CorpusCase, Family, Truth } from './types.ts';

/** Every family of the corpus, in print order. */
export const FAMILIES: readonly Family[] = [
  arrowSummary,
  kpiBlocks,
  kpiRow,
  kpiGroups,
  groupedHeaders,
  headerSynonyms,
  valuesAsWritten,
  distractors,
  projectList,
  nameValue,
  projectSheets,
];

/** The seed of the corpus as printed and tested. */
export const CORPUS_SEED = 20261206;

/** Scores one family: every case read, recognized and compared with its truth. */
export async function scoreFamily(family: Family, seed = CORPUS_SEED): Promise<Score> {
  const total = emptyScore();
  for (const c of family.cases(seed)) {
    let s: Score;
    try {
      s = scoreCase(c, await recognizeCase(c));
    } catch (e) {
      s = emptyScore();
      s.cases = 1;
      s.indicators = c.truth.indicators.length;
      s.totals.name = c.truth.indicators.length;
      s.misses.push({ variant: c.variant, what: `failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    addScore(total, s);
  }
  return total;
}

/** Share of hits, or null when the family does not write the field. */
export function ratio(s: Score, m: (typeof METRICS)[number]): number | null {
  return s.totals[m] === 0 ? null : s.hits[m] / s.totals[m];
}

/** The printed table: one line per family, a share per metric (`—` where not written). */
export function formatTable(rows: { family: Family; score: Score }[]): string {
  const head = ['family', 'cases', 'KPIs', ...METRICS, 'extra'];
  const lines = rows.map(({ family, score }) => [
    family.id,
    String(score.cases),
    String(score.indicators),
    ...METRICS.map((m) => {
      const v = ratio(score, m);
      return v == null ? '—' : `${(v * 100).toFixed(1)}%`;
    }),
    String(score.extra),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (l: string[]) =>
    l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [fmt(head), ...lines.map(fmt)].join('\n');
}
