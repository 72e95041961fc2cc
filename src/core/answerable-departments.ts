import type { StrategyDocument } from './interchange.ts';

/**
 * The departments answerable for an indicator (its 担当課 for entry, submission and access): its
 * own departments; when it has none, those of the project (事務事業) it belongs to; else none.
 * Project indicators are often listed under the project's 担当課 only. This is the one rule: the
 * access checks, the entry grid and workbook, reporting rounds and reminders all apply it, on a
 * stored strategy (store/departments.ts) or a document (core/reports/entry-workbook.ts).
 * `key` tells equal departments apart when they are objects (duplicates of the project's are dropped).
 *
 * @example answerableDepartments([], ['商工観光課', '商工観光課']) // ['商工観光課'] (its project's)
 * @example answerableDepartments(['企画政策課'], ['商工観光課']) // ['企画政策課'] (its own)
 * @example answerableDepartments([], null) // [] (no project, no 担当課: planners answer)
 */
export function answerableDepartments<T>(
  own: readonly T[],
  project: readonly T[] | null | undefined,
  key: (d: T) => unknown = (d) => d,
): T[] {
  if (own.length) return [...own];
  const seen = new Set<unknown>();
  const out: T[] = [];
  for (const d of project ?? []) {
    const k = key(d);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}

/**
 * The departments answerable for each indicator of a document (names), by the rule above: its
 * own, or else those of the project it belongs to.
 *
 * @example indicatorDepartments(doc).get('k3') // ['商工観光課'] (from its project)
 */
export function indicatorDepartments(doc: StrategyDocument): Map<string, string[]> {
  const projects = new Map(doc.projects.map((p) => [p.id, p.departments ?? []]));
  const out = new Map<string, string[]>();
  for (const i of doc.indicators)
    out.set(
      i.id,
      answerableDepartments(
        i.departments ?? [],
        i.owner?.type === 'project' ? projects.get(i.owner.id) : null,
      ),
    );
  return out;
}

/**
 * The document as evaluations and documents read it: each indicator's departments are those
 * answerable for it (its own, else its project's), so the dashboard's breakdown by department, the
 * KPI list's 担当課, the open data and the public pages name the same departments as access, rounds
 * and the entry grid. The stored document (and its export) keeps each indicator's own. Indicators
 * whose departments do not change are kept as they are; the same document when none changes.
 *
 * @example withAnswerableDepartments(doc).indicators.find((i) => i.id === 'k3')?.departments // ['商工観光課'] (its project's)
 */
export function withAnswerableDepartments(doc: StrategyDocument): StrategyDocument {
  if (!doc.indicators.some((i) => !i.departments?.length && i.owner?.type === 'project')) return doc;
  const answerable = indicatorDepartments(doc);
  return {
    ...doc,
    indicators: doc.indicators.map((i) => {
      if (i.departments?.length) return i;
      const deps = answerable.get(i.id) ?? [];
      return deps.length ? { ...i, departments: deps } : i;
    }),
  };
}
