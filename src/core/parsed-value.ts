import { z } from 'zod';

/**
 * Basis of a period: 年度 (fiscal year, April–March, named by the calendar year it starts in)
 * or 年 (calendar year, as in 工業統計 figures).
 */
export const periodBasisSchema = z.enum(['fiscal', 'calendar']);
export type PeriodBasis = z.infer<typeof periodBasisSchema>;

/**
 * The period a figure refers to (期間). `from`/`to` are years as integers, equal for a single
 * year, one side null for an open range (`～R1` → from null, to 2019; `R3～` → 2021, null).
 * `date` is an ISO date or month (`2024-04` for `R6.4現在`, `2023-09` for `令和5年9月 公表予定`).
 *
 * @example { from: 2015, to: 2015, basis: 'fiscal', date: null } // (H27)
 */
export const valuePeriodSchema = z.object({
  from: z.number().int().nullable(),
  to: z.number().int().nullable(),
  basis: periodBasisSchema,
  date: z.string().nullable(),
});
export type ValuePeriod = z.infer<typeof valuePeriodSchema>;

/** One labelled part of a multi-part figure (`男性78.1歳 女性80.5歳`). */
export const valuePartSchema = z.object({
  label: z.string(),
  value: z.number().nullable(),
  unit: z.string().nullable(),
});
export type ValuePart = z.infer<typeof valuePartSchema>;

/**
 * Kind of a parsed cell: a number; several labelled numbers; no value (with the reason in
 * `note`); a figure not yet published (公表予定); or text that is not a figure.
 */
export const valueKindSchema = z.enum(['number', 'multi', 'missing', 'pending', 'text']);
export type ValueKind = z.infer<typeof valueKindSchema>;

/**
 * A cell of a municipal table turned into a typed value (DESIGN.md §4). This is the output
 * contract of the value parser and of `sousei parse-value`.
 *
 * - `value` is in base units (scale words applied: `37.7万件/月` → 377000, unit `件/月`).
 * - `qualifiers` are flags such as `approximate`, `cumulative`, `preliminary`, `negative-sign`.
 * - `raw` is always the original text, unchanged.
 *
 * @example
 * { kind: 'number', value: 18165, unit: '人',
 *   period: { from: 2020, to: 2020, basis: 'fiscal', date: null },
 *   parts: [], qualifiers: [], note: null, raw: '18,165人 (R2)' }
 */
export const parsedValueSchema = z.object({
  kind: valueKindSchema,
  value: z.number().nullable(),
  unit: z.string().nullable(),
  period: valuePeriodSchema.nullable(),
  parts: z.array(valuePartSchema),
  qualifiers: z.array(z.string()),
  note: z.string().nullable(),
  raw: z.string(),
});
export type ParsedValue = z.infer<typeof parsedValueSchema>;
