import { z } from 'zod';
import { parsedValueSchema, periodBasisSchema } from './parsed-value.ts';

/**
 * The interchange format (交換形式): one strategy document as JSON. The importer writes it,
 * `sousei evaluate` reads it, storage imports it, open data exports it. Published as JSON Schema
 * in `schema/strategy.schema.json` (`npm run schema`).
 *
 * Everything but `indicators` is optional so that the minimal shape
 * `{ "indicators": [ { "id", "name", "unit", "baseline": {"value","fiscalYear"}, "target": {...},
 * "actuals": [{"fiscalYear","value"}] } ] }` is a valid document.
 */
export const FORMAT_NAME = 'sousei-strategy';
export const FORMAT_VERSION = 1;

/** Where a record came from in the imported files (1-based rows and columns). */
export const provenanceSchema = z.object({
  file: z.string(),
  sheet: z.string().nullable().optional(),
  row: z.number().int(),
  column: z.number().int().nullable().optional(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

/**
 * State of an observation: final (確定値), preliminary (速報値), pending (公表予定), missing
 * (未把握, 未集計: not measured, reason in the figure's note), not applicable (該当なし).
 */
export const observationStateSchema = z.enum([
  'final',
  'preliminary',
  'pending',
  'missing',
  'not_applicable',
]);
export type ObservationState = z.infer<typeof observationStateSchema>;

/**
 * One figure (数値): a baseline (基準値), a target (目標値), a milestone or an actual (実績値).
 * `value` is in base units; `raw` keeps the original text; `parsed` the value parser's full output.
 * `fiscalYear` is the year it refers to (calendar year when `basis` is `calendar`).
 *
 * @example { value: 1563, fiscalYear: 2019, raw: '1,563件', unit: '件', state: 'final' }
 */
export const figureSchema = z.object({
  value: z.number().nullable(),
  fiscalYear: z.number().int().nullable(),
  raw: z.string().nullable().optional(),
  unit: z.string().nullable().optional(),
  basis: periodBasisSchema.optional(),
  /** First year of a cumulative range (`R2～R6の累計` → 2020); null/absent otherwise. */
  fromYear: z.number().int().nullable().optional(),
  state: observationStateSchema.optional(),
  /** ISO date or month of an as-of or an expected publication (`2023-09`). */
  date: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  parsed: parsedValueSchema.optional(),
  provenance: provenanceSchema.optional(),
});
export type Figure = z.infer<typeof figureSchema>;

/** Role of an indicator: 数値目標 (numeric target of a basic goal), KPI (of a measure), or a project indicator (設定指標, 活動指標). */
export const indicatorRoleSchema = z.enum(['numeric_target', 'kpi', 'project_indicator']);
export type IndicatorRole = z.infer<typeof indicatorRoleSchema>;

/** Direction of an indicator: higher is better, lower is better, or hold steady (維持). */
export const directionSchema = z.enum(['increase', 'decrease', 'maintain']);
export type Direction = z.infer<typeof directionSchema>;

/**
 * How yearly figures add up: annual flow (年間), stock/snapshot (時点), cumulative since a year
 * (累計, then each yearly figure is already the running total unless `cumulativeFrom` says
 * otherwise), or a rate (率).
 */
export const aggregationSchema = z.enum(['annual', 'stock', 'cumulative', 'rate']);
export type Aggregation = z.infer<typeof aggregationSchema>;

/** Status as written in the source (`順調に進捗`, `進捗の遅れ (コロナ)`, `A-`) and the year it refers to. */
export const reportedStatusSchema = z.object({
  label: z.string(),
  fiscalYear: z.number().int().nullable(),
  date: z.string().nullable().optional(),
  raw: z.string(),
  provenance: provenanceSchema.optional(),
});
export type ReportedStatus = z.infer<typeof reportedStatusSchema>;

/**
 * Commentary for one year: ①関連事業実施状況 (`progress`), ②課題 (`issues`), ③今後の方策
 * (`nextSteps`), 総括 (`summary`), or free `text` when it cannot be split.
 */
export const commentarySchema = z.object({
  fiscalYear: z.number().int().nullable(),
  progress: z.string().nullable().optional(),
  issues: z.string().nullable().optional(),
  nextSteps: z.string().nullable().optional(),
  summary: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
  provenance: provenanceSchema.optional(),
});
export type Commentary = z.infer<typeof commentarySchema>;

/** What an indicator of a new period is relative to the old one: 継続, 変更, 削除, 移動, 新規. */
export const lineageSchema = z.object({
  change: z.enum(['continued', 'changed', 'deleted', 'moved', 'new']),
  /** Id of the indicator of the previous strategy period this one continues. */
  predecessorId: z.string().nullable().optional(),
  raw: z.string().nullable().optional(),
});
export type Lineage = z.infer<typeof lineageSchema>;

/**
 * An indicator (指標): 数値目標, KPI or project indicator, with its figures.
 *
 * @example { id: 'kpi-1', name: '新規求人数', unit: '件', baseline: { value: 1563, fiscalYear: 2019 },
 *   target: { value: 1602, fiscalYear: 2024 }, actuals: [{ value: 1208, fiscalYear: 2020 }] }
 */
export const indicatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string().nullable().optional(),
  role: indicatorRoleSchema.optional(),
  /** The goal, measure or project the indicator belongs to. */
  owner: z
    .object({ type: z.enum(['goal', 'measure', 'project']), id: z.string() })
    .nullable()
    .optional(),
  /** Strategy period (see `strategies`) the indicator belongs to, when a document holds several. */
  strategyId: z.string().nullable().optional(),
  direction: directionSchema.nullable().optional(),
  aggregation: aggregationSchema.nullable().optional(),
  /** Tolerance band for `maintain` indicators, in the indicator's unit (e.g. 3 points). */
  tolerance: z.number().nonnegative().nullable().optional(),
  baseline: figureSchema.nullable().optional(),
  target: figureSchema.nullable().optional(),
  /** Yearly milestones on the way to the target, when the plan sets them. */
  milestones: z.array(figureSchema).optional(),
  actuals: z.array(figureSchema).default([]),
  departments: z.array(z.string()).optional(),
  /** 解説・算出方法: definition and data source. */
  definition: z.string().nullable().optional(),
  notes: z.array(z.string()).optional(),
  reportedStatus: reportedStatusSchema.nullable().optional(),
  /** Earlier reported statuses, one per year, when the source has several. */
  reportedStatuses: z.array(reportedStatusSchema).optional(),
  commentary: z.array(commentarySchema).optional(),
  lineage: lineageSchema.nullable().optional(),
  tags: z.array(z.object({ set: z.string(), tag: z.string() })).optional(),
  provenance: provenanceSchema.optional(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

/** A narrative block (施策の概要, 主な取組, 総括, ...) attached to a goal, measure or project. */
export const narrativeSchema = z.object({
  kind: z.string(),
  title: z.string().nullable().optional(),
  text: z.string(),
  fiscalYear: z.number().int().nullable().optional(),
  strategyId: z.string().nullable().optional(),
  provenance: provenanceSchema.optional(),
});
export type Narrative = z.infer<typeof narrativeSchema>;

/** 基本目標 / 基本的視点: a basic goal. */
export const goalSchema = z.object({
  id: z.string(),
  code: z.string().nullable().optional(),
  name: z.string(),
  description: z.string().nullable().optional(),
  narratives: z.array(narrativeSchema).optional(),
  provenance: provenanceSchema.optional(),
});
export type Goal = z.infer<typeof goalSchema>;

/** 施策 (具体的な施策, 施策大項目): a measure under a goal, possibly under a parent measure. */
export const measureSchema = z.object({
  id: z.string(),
  goalId: z.string().nullable().optional(),
  parentId: z.string().nullable().optional(),
  code: z.string().nullable().optional(),
  name: z.string(),
  summary: z.string().nullable().optional(),
  narratives: z.array(narrativeSchema).optional(),
  provenance: provenanceSchema.optional(),
});
export type Measure = z.infer<typeof measureSchema>;

/** Yearly plan and result text of a project (実績・予定). */
export const projectYearSchema = z.object({
  fiscalYear: z.number().int(),
  plan: z.string().nullable().optional(),
  result: z.string().nullable().optional(),
});

/** 事務事業: a project with its classifications (tags), SDGs, priority and yearly plan/results. */
export const projectSchema = z.object({
  id: z.string(),
  code: z.string().nullable().optional(),
  name: z.string(),
  summary: z.string().nullable().optional(),
  measureId: z.string().nullable().optional(),
  goalIds: z.array(z.string()).optional(),
  departments: z.array(z.string()).optional(),
  /** 事業主体: implementing bodies. */
  bodies: z.array(z.string()).optional(),
  period: z
    .object({
      from: z.number().int().nullable(),
      to: z.number().int().nullable(),
      raw: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  /** 重点施策 / 重点事業. */
  priority: z.boolean().optional(),
  tags: z.array(z.object({ set: z.string(), tag: z.string() })).optional(),
  sdgs: z.array(z.number().int().min(1).max(17)).optional(),
  years: z.array(projectYearSchema).optional(),
  narratives: z.array(narrativeSchema).optional(),
  provenance: provenanceSchema.optional(),
});
export type Project = z.infer<typeof projectSchema>;

/** A classification set (新たな視点, シティプロモーションの視点, ...): modelled as data, never as columns. */
export const tagSetSchema = z.object({
  id: z.string(),
  name: z.string(),
  tags: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TagSet = z.infer<typeof tagSetSchema>;

/** 総合戦略: one strategy period (第2期 R2–R6 → from 2020 to 2024). */
export const strategySchema = z.object({
  id: z.string(),
  name: z.string(),
  generation: z.number().int().nullable().optional(),
  period: z
    .object({ from: z.number().int().nullable(), to: z.number().int().nullable() })
    .nullable()
    .optional(),
  /**
   * Id of the period (in `strategies`) this one follows: 第2期 for 第3期 in a document reviewing
   * the one and planning the other. Absent: read from generations or periods that follow each other.
   */
  predecessorId: z.string().nullable().optional(),
});
export type Strategy = z.infer<typeof strategySchema>;

/** A non-empty source cell that was not mapped into the model (nothing is lost). */
export const unmappedCellSchema = z.object({
  file: z.string(),
  sheet: z.string().nullable().optional(),
  row: z.number().int(),
  column: z.number().int(),
  raw: z.string(),
  reason: z.string().nullable().optional(),
});
export type UnmappedCell = z.infer<typeof unmappedCellSchema>;

/** The whole interchange document. */
export const strategyDocumentSchema = z.object({
  format: z.literal(FORMAT_NAME).optional(),
  version: z.literal(FORMAT_VERSION).optional(),
  municipality: z.object({ name: z.string(), code: z.string().nullable().optional() }).nullable().optional(),
  strategy: strategySchema.nullable().optional(),
  /** Further strategy periods held in the same document (a period review shows two side by side). */
  strategies: z.array(strategySchema).optional(),
  goals: z.array(goalSchema).default([]),
  measures: z.array(measureSchema).default([]),
  projects: z.array(projectSchema).default([]),
  tagSets: z.array(tagSetSchema).default([]),
  indicators: z.array(indicatorSchema),
  unmapped: z.array(unmappedCellSchema).default([]),
  /** Front matter and headings that belong to no goal, measure or project (目的, 期間, 構成). */
  narratives: z.array(narrativeSchema).optional(),
  sources: z
    .array(
      z.object({
        file: z.string(),
        encoding: z.string().nullable().optional(),
        sheets: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});
export type StrategyDocument = z.infer<typeof strategyDocumentSchema>;
/** The document as written by hand or by another tool, before defaults are applied. */
export type StrategyDocumentInput = z.input<typeof strategyDocumentSchema>;

/** JSON Schema (draft 2020-12) of the interchange format, generated from the Zod schema. */
export function strategyDocumentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(strategyDocumentSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
