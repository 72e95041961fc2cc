/**
 * Scores an imported document against a hand-checked expected result (the `<slug>.expected.json`
 * beside each transcribed public document). Names are compared after NFKC and without spaces, so
 * `①`, `(1)` or `1.` codes in front of a heading do not matter; an indicator is right when it is
 * found (by name, and by parent when the name repeats) with the expected baseline and target,
 * values and years. Expected `null` means "the source gives none": the import must give none too.
 */
import type { Indicator, StrategyDocument } from '../../src/core/interchange.ts';

export interface ExpectedFigure {
  value: number | null;
  year: number | null;
}

export interface ExpectedIndicator {
  name: string;
  /** Name of the goal, measure or project the indicator belongs to; null when not checked. */
  parent: string | null;
  unit: string | null;
  baseline: ExpectedFigure;
  target: ExpectedFigure;
  actuals: [number, number][];
  department?: string;
  status?: string;
  /** Left out of the score, with the reason (a misprint in the source, ...). */
  skip?: string;
}

export interface ExpectedDocument {
  municipality: string;
  goals: string[];
  measures: { name: string; parent: string | null }[];
  projects: { name: string; parent: string | null }[];
  indicators: ExpectedIndicator[];
}

export interface DocumentScore {
  indicators: number;
  /** Found with right baseline and target (values and years). */
  right: number;
  found: number;
  actualsRight: number;
  actualsExpected: number;
  parentsRight: number;
  parentsExpected: number;
  measuresKept: number;
  measuresExpected: number;
  projectsKept: number;
  projectsExpected: number;
  /** One line per indicator that is not right, saying why. */
  misses: string[];
}

/** NFKC, no spaces, no leading code such as `①`, `(1)`, `1.`, `Ⅰ`, `②`. */
export function nameKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^(?:[(（]?\d+[)）.．]|[①-⑳]|[Ⅰ-Ⅻ]|第?\d+[-‐]\d+)/u, '');
}

const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-9, Math.abs(b) * 1e-9);

function figureOk(actual: Indicator['baseline'], expected: ExpectedFigure): string | null {
  const value = actual?.value ?? null;
  if (expected.value == null) {
    if (value != null) return `expected no value, got ${value}`;
  } else if (value == null || !close(value, expected.value)) {
    return `expected ${expected.value}, got ${value ?? 'none'}`;
  }
  if (expected.value == null && value == null && expected.year == null) return null;
  const year = actual?.fiscalYear ?? null;
  if (year !== expected.year) return `expected year ${expected.year}, got ${year}`;
  return null;
}

function ownerName(doc: StrategyDocument, ind: Indicator): string | null {
  const owner = ind.owner;
  if (!owner) return null;
  const list = owner.type === 'goal' ? doc.goals : owner.type === 'measure' ? doc.measures : doc.projects;
  return list.find((x) => x.id === owner.id)?.name ?? null;
}

/** Scores `doc` against `expected`. */
export function scoreDocument(doc: StrategyDocument, expected: ExpectedDocument): DocumentScore {
  const used = new Set<string>();
  const misses: string[] = [];
  let right = 0;
  let found = 0;
  let actualsRight = 0;
  let actualsExpected = 0;
  let parentsRight = 0;
  let parentsExpected = 0;
  const scored = expected.indicators.filter((e) => !e.skip);
  for (const e of scored) {
    const candidates = doc.indicators.filter((i) => !used.has(i.id) && nameKey(i.name) === nameKey(e.name));
    const withParent = e.parent
      ? candidates.filter((i) => nameKey(ownerName(doc, i) ?? '') === nameKey(e.parent!))
      : [];
    const ind = withParent[0] ?? candidates[0];
    if (e.parent) parentsExpected++;
    if (e.actuals.length) actualsExpected++;
    if (!ind) {
      misses.push(`${e.name}: not found`);
      continue;
    }
    used.add(ind.id);
    found++;
    if (e.parent && withParent.length) parentsRight++;
    const problems = [figureOk(ind.baseline, e.baseline), figureOk(ind.target, e.target)].map((p, i) =>
      p ? `${i === 0 ? 'baseline' : 'target'} ${p}` : null,
    );
    const why = problems.filter(Boolean);
    if (why.length === 0) right++;
    else misses.push(`${e.name}: ${why.join('; ')}`);
    if (e.actuals.length) {
      const got = ind.actuals.filter((a) => a.value != null && a.fiscalYear != null);
      const ok =
        got.length === e.actuals.length &&
        e.actuals.every(([y, v]) => got.some((a) => a.fiscalYear === y && close(a.value!, v)));
      if (ok) actualsRight++;
      else
        misses.push(
          `${e.name}: actuals expected ${JSON.stringify(e.actuals)}, got ${JSON.stringify(got.map((a) => [a.fiscalYear, a.value]))}`,
        );
    }
  }
  const keys = (xs: { name: string }[]) => new Set(xs.map((x) => nameKey(x.name)));
  const measureKeys = new Set([...keys(doc.measures), ...keys(doc.goals)]);
  const projectKeys = keys(doc.projects);
  const measuresExpected = expected.measures.length + expected.goals.length;
  const measuresKept =
    expected.measures.filter((m) => measureKeys.has(nameKey(m.name))).length +
    expected.goals.filter((g) => measureKeys.has(nameKey(g))).length;
  for (const m of expected.measures)
    if (!measureKeys.has(nameKey(m.name))) misses.push(`measure ${m.name}: not kept`);
  for (const g of expected.goals) if (!measureKeys.has(nameKey(g))) misses.push(`goal ${g}: not kept`);
  const projectsKept = expected.projects.filter((p) => projectKeys.has(nameKey(p.name))).length;
  return {
    indicators: scored.length,
    right,
    found,
    actualsRight,
    actualsExpected,
    parentsRight,
    parentsExpected,
    measuresKept,
    measuresExpected,
    projectsKept,
    projectsExpected: expected.projects.length,
    misses,
  };
}

const pct = (n: number, d: number) => (d === 0 ? '   -' : `${Math.round((100 * n) / d)}%`.padStart(4));

/** The score table, one line per document. */
export function scoreTable(rows: { slug: string; score: DocumentScore }[]): string {
  const head = 'document                          KPIs  right  found  actuals  parents  measures  projects';
  const lines = rows.map(({ slug, score: s }) =>
    [
      slug.padEnd(32),
      String(s.indicators).padStart(5),
      pct(s.right, s.indicators).padStart(6),
      pct(s.found, s.indicators).padStart(6),
      pct(s.actualsRight, s.actualsExpected).padStart(8),
      pct(s.parentsRight, s.parentsExpected).padStart(8),
      pct(s.measuresKept, s.measuresExpected).padStart(9),
      pct(s.projectsKept, s.projectsExpected).padStart(9),
    ].join(' '),
  );
  return [head, ...lines].join('\n');
}
