import { z } from 'zod';
import type { StatusRef, StatusScheme } from './status-scheme.ts';

export type { StatusRef };

/**
 * A human override (評価の上書き) of a computed status, with who, when and why. It is kept
 * beside the computed status, never instead of it (e.g. label `遅れ`, reason `進捗の遅れ（コロナ）`).
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
});
export type Override = z.infer<typeof overrideSchema>;

const OVERRIDE_COLOR = '#6b6b6b';

/**
 * The status an override stands for: the scheme's status with the same key or label when there
 * is one (so colours and summaries line up), else a status of its own (key `override:LABEL`).
 *
 * @example overrideStatus(presets.standard, { label: '遅れ', ... }).key // 'behind'
 */
export function overrideStatus(scheme: StatusScheme, override: Override): StatusRef {
  const all = [...scheme.rules, scheme.fallback];
  const match =
    (override.key ? all.find((r) => r.key === override.key) : undefined) ??
    all.find((r) => r.label === override.label);
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
    key: override.key ?? `override:${override.label}`,
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
