/**
 * Scoring a case: the files are read as the importer reads them (src/import adapters), recognized,
 * and what came out is compared with the ground truth, indicator by indicator and field by field.
 */

import type { GridSheet } from '../../src/core/import/grid.ts';
import { type RecognizeResult, recognize } from '../../src/core/import/recognize.ts';
import type { Figure, Indicator, StrategyDocument } from '../../src/core/interchange.ts';
import { readBytes } from '../../src/import/read-file.ts';
import type { CorpusCase, ExpectedIndicator, TruthFigure } from './types.ts';

/** Metrics scored per case and family: hits out of the cases where the truth has the field. */
export const METRICS = [
  'name',
  'baseline',
  'target',
  'actuals',
  'department',
  'status',
  'parent',
  'measures',
  'projects',
] as const;
export type Metric = (typeof METRICS)[number];

/** Hits and totals per metric, plus indicators recognized that the truth does not have. */
export interface Score {
  cases: number;
  indicators: number;
  hits: Record<Metric, number>;
  totals: Record<Metric, number>;
  /** Recognized indicators matching no expected one (a distractor read as a KPI, a split name). */
  extra: number;
  /** Cases that failed, with the first misses (for the printed detail). */
  misses: { variant: string; what: string }[];
}

export function emptyScore(): Score {
  const zero = () => Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>;
  return { cases: 0, indicators: 0, hits: zero(), totals: zero(), extra: 0, misses: [] };
}

/** Adds `b` into `a`. */
export function addScore(a: Score, b: Score): void {
  a.cases += b.cases;
  a.indicators += b.indicators;
  a.extra += b.extra;
  for (const m of METRICS) {
    a.hits[m] += b.hits[m];
    a.totals[m] += b.totals[m];
  }
  a.misses.push(...b.misses);
}

/** Reads a case's files and recognizes them, as `sousei import` would. */
export async function recognizeCase(c: CorpusCase): Promise<RecognizeResult> {
  const sheets: GridSheet[] = [];
  const encodings: Record<string, string | null> = {};
  for (const f of c.files) {
    const read = await readBytes(f.bytes, f.name);
    if (!read.ok)
      throw new Error(`${c.family} ${c.variant}: ${f.name} unreadable: ${JSON.stringify(read.issues)}`);
    sheets.push(...read.value.sheets);
    encodings[f.name] = read.value.encoding;
  }
  return recognize({ sheets, encodings });
}

/**
 * A name compared as a reader would: width, spaces and line breaks ignored, and a unit written
 * after the name in brackets (`移住者数（人）`) not part of it.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/\((?:単位:)?[^()]{1,6}\)$/u, '');
}

/** A goal's or measure's name without its numbering (`1`, `1-2`, `(1)`, `①`, `基本目標1`). */
export function headingKey(name: string): string {
  return nameKey(name)
    .replace(/^(?:基本目標|施策|具体的な施策|基本的方向)?[【[]?[0-9]+(?:[-.][0-9]+)*[】\]]?[.、:]?/u, '')
    .replace(/^\([0-9]+\)|^[①-⑳]/u, '');
}

function sameFigure(got: Figure | null | undefined, want: TruthFigure | null): boolean {
  if (want == null || want.value == null) return got == null || got.value == null;
  if (!got || got.value == null) return false;
  const close = Math.abs(got.value - want.value) <= 1e-6 * Math.max(1, Math.abs(want.value));
  return close && (want.year == null || got.fiscalYear === want.year);
}

function sameActuals(ind: Indicator, want: NonNullable<ExpectedIndicator['actuals']>): boolean {
  for (const a of want) {
    const got = ind.actuals.filter((x) => x.fiscalYear === a.year && x.value != null);
    if (a.value == null) {
      if (got.length > 0) return false;
    } else if (got.length !== 1 || !sameFigure(got[0], { value: a.value, year: a.year })) return false;
  }
  // No actual of a year the truth does not have.
  const years = new Set(want.map((a) => a.year));
  return ind.actuals.every((x) => x.value == null || years.has(x.fiscalYear ?? -1));
}

function parentName(doc: StrategyDocument, owner: Indicator['owner']): { kind: string; name: string } | null {
  if (!owner) return null;
  const list = owner.type === 'goal' ? doc.goals : owner.type === 'measure' ? doc.measures : doc.projects;
  const e = list.find((x) => x.id === owner.id);
  return e ? { kind: owner.type, name: e.name } : null;
}

/**
 * Scores one case: each expected indicator is looked up by name (first unused match), then each
 * field the truth has is compared; measures and projects are looked up by name and their parent
 * compared.
 */
export function scoreCase(c: CorpusCase, result: RecognizeResult): Score {
  const s = emptyScore();
  const doc = result.document;
  s.cases = 1;
  s.indicators = c.truth.indicators.length;
  const byKey = new Map<string, Indicator[]>();
  for (const ind of doc.indicators) {
    const k = nameKey(ind.name);
    byKey.set(k, [...(byKey.get(k) ?? []), ind]);
  }
  const used = new Set<Indicator>();
  const miss = (what: string) => {
    if (s.misses.length < 3) s.misses.push({ variant: c.variant, what });
  };
  for (const want of c.truth.indicators) {
    const got = (byKey.get(nameKey(want.name)) ?? []).find((i) => !used.has(i));
    const count = (m: Metric, ok: boolean, detail: () => string) => {
      s.totals[m]++;
      if (ok) s.hits[m]++;
      else miss(`${m} of ${want.name}: ${detail()}`);
    };
    count('name', !!got, () => 'not found');
    if (got) used.add(got);
    if (want.baseline !== undefined)
      count(
        'baseline',
        !!got && sameFigure(got.baseline, want.baseline),
        () => `got ${JSON.stringify(fig(got?.baseline))} want ${JSON.stringify(want.baseline)}`,
      );
    if (want.target !== undefined)
      count(
        'target',
        !!got && sameFigure(got.target, want.target),
        () => `got ${JSON.stringify(fig(got?.target))} want ${JSON.stringify(want.target)}`,
      );
    if (want.actuals !== undefined)
      count(
        'actuals',
        !!got && sameActuals(got, want.actuals),
        () => `got ${JSON.stringify(got?.actuals.map(fig))}`,
      );
    if (want.department !== undefined)
      count(
        'department',
        !!got && (got.departments ?? []).includes(want.department),
        () => `got ${got?.departments}`,
      );
    if (want.status !== undefined)
      count(
        'status',
        !!got && (got.reportedStatus?.raw ?? '').normalize('NFKC').trim() === want.status.normalize('NFKC'),
        () => `got ${got?.reportedStatus?.raw}`,
      );
    if (want.parent !== undefined) {
      const p = got ? parentName(doc, got.owner) : null;
      count(
        'parent',
        !!p && p.kind === want.parent.kind && headingKey(p.name) === headingKey(want.parent.name),
        () => `got ${JSON.stringify(p)}`,
      );
    }
  }
  s.extra = doc.indicators.filter((i) => !used.has(i)).length;
  if (s.extra > 0)
    miss(
      `extra: ${doc.indicators
        .filter((i) => !used.has(i))
        .slice(0, 3)
        .map((i) => i.name)
        .join(' | ')}`,
    );
  for (const [metric, list] of [
    ['measures', c.truth.measures],
    ['projects', c.truth.projects],
  ] as const) {
    for (const want of list ?? []) {
      s.totals[metric]++;
      const pool = metric === 'measures' ? doc.measures : doc.projects;
      const got = pool.find((x) => headingKey(x.name) === headingKey(want.name));
      let ok = !!got;
      if (got && want.parent) {
        const pid =
          metric === 'measures'
            ? (got as StrategyDocument['measures'][number]).goalId
            : (got as StrategyDocument['projects'][number]).measureId;
        const parent = (want.parent.kind === 'goal' ? doc.goals : doc.measures).find((x) => x.id === pid);
        ok = !!parent && headingKey(parent.name) === headingKey(want.parent.name);
      }
      if (ok) s.hits[metric]++;
      else miss(`${metric}: ${want.name} ${got ? 'under the wrong parent' : 'not found'}`);
    }
  }
  return s;
}

function fig(f: Figure | null | undefined): [number | null, number | null] | null {
  return f ? [f.value, f.fiscalYear] : null;
}
