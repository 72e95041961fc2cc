import { z } from 'zod';
import type { Indicator, ReportedStatus } from '../interchange.ts';
import { labelKey } from './label-key.ts';
import type { StatusLabel, StatusRef, StatusScheme } from './status-scheme.ts';

export type { StatusRef };
export { labelKey };

/**
 * Where a judgement of record comes from: a planner's override entered in Sousei, or a status the
 * municipality published and Sousei imported (`reportedStatus`).
 */
export const judgementSourceSchema = z.enum(['planner', 'import']);
export type JudgementSource = z.infer<typeof judgementSourceSchema>;

/**
 * The judgement of record (評価の記録) of an indicator for a year: a human override
 * (評価の上書き) of a computed status, with who, when and why, or a status the city published and
 * Sousei imported (source `import`, the place in the source as its reason). It is kept beside
 * the computed status, never instead of it (e.g. label `遅れ`, reason `進捗の遅れ（コロナ）`).
 * `at` is given by the caller (ISO date or date-time): the core reads no clock.
 *
 * @example { indicatorId: 'kpi-3', label: '遅れ', reason: '進捗の遅れ（コロナ）', by: '企画政策課 山田', at: '2022-08-31' }
 */
export const overrideSchema = z.object({
  indicatorId: z.string().min(1),
  label: z.string().min(1),
  /** Key of the scheme status meant; found from the label when absent. */
  key: z.string().min(1).optional(),
  reason: z.string().min(1),
  by: z.string().min(1),
  at: z.string().min(1),
  /** Fiscal year the override is about, when it is for one year only. */
  fiscalYear: z.number().int().nullable().optional(),
  /** planner (default) or import. */
  source: judgementSourceSchema.optional(),
});
export type Override = z.infer<typeof overrideSchema>;

const OVERRIDE_COLOR = '#6b6b6b';

/**
 * Every status of a scheme a judgement can name, in the scheme's order: its ranked keys, its
 * rules, its classes of record, then the fallback (one entry per key).
 *
 * @example statusClasses(presets.standard).map((s) => s.label) // ['目標達成', '順調', '概ね順調', '遅れ', '評価不能']
 */
export function statusClasses(scheme: StatusScheme): StatusLabel[] {
  const all = [...scheme.rules, ...(scheme.classes ?? []), scheme.fallback];
  const out = new Map<string, StatusLabel>();
  for (const key of scheme.order ?? []) {
    const r = all.find((x) => x.key === key);
    if (r) out.set(key, r);
  }
  for (const r of all) if (!out.has(r.key)) out.set(r.key, r);
  return [...out.values()].map(({ key, label, labelEn, color, description }) => ({
    key,
    label,
    ...(labelEn ? { labelEn } : {}),
    color,
    ...(description ? { description } : {}),
  }));
}

/**
 * The classes the judgements of record use that the scheme does not name, once each (by key), in
 * the order first met: a city's own classes (概ね順調に進捗, 進捗の遅れ（コロナ）…) before its
 * scheme of record is adopted. Offered beside the scheme's statuses, they let a planner give the
 * class the city gave rather than translate it into another scheme's.
 *
 * @example recordClasses(presets.standard, [{ key: 'override:概ね順調に進捗', label: '概ね順調に進捗', color: '#6b6b6b' }]).map((s) => s.label) // ['概ね順調に進捗']
 */
export function recordClasses(
  scheme: StatusScheme,
  judged: readonly Pick<StatusRef, 'key' | 'label' | 'color'>[],
): StatusLabel[] {
  const named = new Set(statusClasses(scheme).map((s) => s.key));
  const out = new Map<string, StatusLabel>();
  for (const { key, label, color } of judged)
    if (!named.has(key) && !out.has(key)) out.set(key, { key, label, color });
  return [...out.values()];
}

/**
 * The status an override stands for: the scheme's status (a rule's, a class of record's or the
 * fallback's) with the same key or label when there is one (labels compared with
 * {@link labelKey}; so colours and summaries line up), else a status of its own
 * (key `override:LABEL`, the label normalized with {@link labelKey}).
 *
 * @example overrideStatus(presets.standard, { label: '遅れ', ... }).key // 'behind'
 */
export function overrideStatus(scheme: StatusScheme, override: Pick<Override, 'label' | 'key'>): StatusRef {
  const all = [...scheme.rules, ...(scheme.classes ?? []), scheme.fallback];
  const wanted = labelKey(override.label);
  const match =
    (override.key ? all.find((r) => r.key === override.key) : undefined) ??
    all.find((r) => labelKey(r.label) === wanted);
  if (match)
    return {
      key: match.key,
      label: override.key ? match.label : override.label,
      labelEn: match.labelEn ?? null,
      color: match.color,
      ruleIndex: null,
      source: 'override',
    };
  return {
    key: override.key ?? `override:${wanted}`,
    label: override.label,
    labelEn: null,
    color: OVERRIDE_COLOR,
    ruleIndex: null,
    source: 'override',
  };
}

/**
 * Indexes overrides by indicator id. When an indicator has several, the one for `asOf` wins,
 * then one without a year, then the latest `at`.
 *
 * @example indexOverrides([{ indicatorId: 'k1', ... }], 2023).get('k1')
 */
export function indexOverrides(overrides: readonly Override[], asOf: number | null): Map<string, Override> {
  const score = (o: Override) => (o.fiscalYear == null ? 1 : o.fiscalYear === asOf ? 2 : 0);
  const map = new Map<string, Override>();
  for (const o of overrides) {
    if (o.fiscalYear != null && asOf != null && o.fiscalYear !== asOf) continue;
    const seen = map.get(o.indicatorId);
    if (!seen || score(o) > score(seen) || (score(o) === score(seen) && o.at > seen.at))
      map.set(o.indicatorId, o);
  }
  return map;
}

/**
 * The fiscal year an imported status is the judgement of: the year the source gives, except that
 * a judgement cannot be about a year later than the document's latest figures (`asOf`, the
 * latest fiscal year with an actual in the document: a status dated April 2024, FY2024, judges
 * the FY2023 results); without a year, `asOf`. Null when neither is known.
 *
 * @example judgementYear({ fiscalYear: 2024 }, 2023) // 2023
 */
export function judgementYear(
  reported: Pick<ReportedStatus, 'fiscalYear'>,
  asOf: number | null,
): number | null {
  const year = reported.fiscalYear;
  if (year == null) return asOf;
  return asOf != null && year > asOf ? asOf : year;
}

/**
 * The judgements of record an imported indicator carries (its `reportedStatus` and earlier
 * `reportedStatuses`), one per fiscal year (the latest stated wins), as overrides with source
 * `import`; the reason names the place in the source. `at` and `by` are given by the caller.
 *
 * @example importedJudgements(ind, { at: '2025-06-01', by: '取込', asOf: 2021 })[0].label // '順調に進捗'
 */
export function importedJudgements(
  ind: Pick<Indicator, 'id' | 'reportedStatus' | 'reportedStatuses'>,
  options: { at: string; by: string; asOf: number | null },
): Override[] {
  const byYear = new Map<number, Override>();
  const list = [...(ind.reportedStatuses ?? []), ...(ind.reportedStatus ? [ind.reportedStatus] : [])];
  for (const rs of list) {
    const label = rs.label.trim();
    if (!label) continue;
    const fiscalYear = judgementYear(rs, options.asOf);
    if (fiscalYear == null) continue;
    const p = rs.provenance;
    const place = p
      ? [p.file, p.sheet, `${p.row}行`, p.column != null ? `${p.column}列` : null].filter(Boolean).join(' ')
      : null;
    byYear.set(fiscalYear, {
      indicatorId: ind.id,
      label,
      reason: `取込: ${place ?? '公表資料'}「${rs.raw.trim() || label}」`,
      by: options.by,
      at: options.at,
      fiscalYear,
      source: 'import',
    });
  }
  return [...byYear.values()];
}

/**
 * The judgements of record a document carries: every indicator's imported statuses (see
 * {@link importedJudgements}), as the import stores them, except where `given` already judges
 * the indicator for that year or for every year (a planner's judgement stands over the imported one). For evaluating a document
 * outside the database as the stored strategy is evaluated.
 *
 * @example documentJudgements(doc.indicators, { at: '2025-06-01', by: '取込', asOf: latestActualYear(doc) }, [])
 */
export function documentJudgements(
  indicators: readonly Pick<Indicator, 'id' | 'reportedStatus' | 'reportedStatuses'>[],
  options: { at: string; by: string; asOf: number | null },
  given: readonly Override[] = [],
): Override[] {
  // A given judgement without a year stands for every year of its indicator.
  const judged = new Set(given.map((o) => `${o.indicatorId}\u0000${o.fiscalYear ?? '*'}`));
  return indicators
    .flatMap((ind) => importedJudgements(ind, options))
    .filter(
      (j) => !judged.has(`${j.indicatorId}\u0000*`) && !judged.has(`${j.indicatorId}\u0000${j.fiscalYear}`),
    );
}
