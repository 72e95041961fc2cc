/**
 * Answer schemas of the strategy and municipality routes: what the API answers, in Zod, beside the
 * routes. They document the answers in the OpenAPI document, give the web app its types
 * (web/src/api/types.ts imports them), and are checked against every real answer of the API test
 * suite (see `checkAnswer` in route.ts). routes/strategies.ts holds the services' types to them.
 */
import { z } from 'zod';
import {
  aggregationSchema,
  directionSchema,
  indicatorRoleSchema,
  lineageSchema,
  provenanceSchema,
  reportedStatusSchema,
} from '../../core/interchange.ts';
import { listAnswer, pageAnswer } from '../answers.ts';

const year = z.number().int();
const isoTime = z.string().min(1);

export const strategyTimelineAnswer = z.strictObject({
  period: z.strictObject({ from: year, to: year }),
  periodSource: z.enum(['stored', 'derived']),
  asOf: year,
  asOfSource: z.enum(['stored', 'figures', 'period']),
  latestActual: year.nullable(),
  years: z.array(year),
});

/** A strategy as stored (GET /api/strategies lists them). */
export const strategyRecordAnswer = z.strictObject({
  id: z.string(),
  municipalityId: z.string(),
  ref: z.string().nullable(),
  name: z.string(),
  generation: z.number().int().nullable(),
  /** As stored (either end may be null for old imports); the effective period is `timeline.period`. */
  period: z.strictObject({ from: year.nullable(), to: year.nullable() }),
  predecessorId: z.string().nullable(),
  statusSchemeId: z.string().nullable(),
  /** The as-of year a planner set (null: automatic, see `timeline.asOf`). */
  asOf: year.nullable(),
  revision: z.number().int(),
  version: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

/** A strategy as the screens show it: the stored fields, its timeline and where it stands today. */
export const strategyViewAnswer = strategyRecordAnswer.extend({
  municipalityName: z.string(),
  timeline: strategyTimelineAnswer,
  state: z.enum(['planned', 'current', 'ended']),
});

export const municipalityAnswer = z.strictObject({
  id: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  /** Its name for its planning division (経営戦略課…); null: not set (messages say 企画担当課). */
  planningDivision: z.string().nullable(),
  version: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

/** A municipality with its strategies (GET /api/municipalities). */
export const municipalityViewAnswer = municipalityAnswer.extend({ strategies: z.array(strategyViewAnswer) });

export const strategiesPageAnswer = pageAnswer(strategyRecordAnswer);
export const municipalitiesAnswer = listAnswer(municipalityViewAnswer);
export const strategyViewsAnswer = listAnswer(strategyViewAnswer);

export type StrategyViewAnswer = z.output<typeof strategyViewAnswer>;
export type StrategyRecordAnswer = z.output<typeof strategyRecordAnswer>;
export type MunicipalityViewAnswer = z.output<typeof municipalityViewAnswer>;
export type StrategyTimelineAnswer = z.output<typeof strategyTimelineAnswer>;

/** The caller's remembered choices (the strategy last chosen, if still readable). */
export const preferencesAnswer = z.strictObject({ strategyId: z.string().nullable() });

/** The names of a strategy with their readings (katakana, for search; a name read as written is left out). */
export const readingsAnswer = z.strictObject({ readings: z.record(z.string(), z.string()) });

/** One status's count and share in a summary group. */
export const statusCountAnswer = z.strictObject({
  key: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  color: z.string(),
  count: z.number().int(),
  share: z.number(),
});
/** A summary group: overall, per goal, department or role (id null: "none"). */
export const summaryGroupAnswer = z.strictObject({
  id: z.string().nullable(),
  name: z.string(),
  total: z.number().int(),
  counts: z.array(statusCountAnswer),
  lines: z.array(z.string()),
});
/** The evaluation summary of a strategy (GET /api/strategies/:id/summary). */
export const summaryAnswer = z.strictObject({
  strategyId: z.string(),
  asOf: year.nullable(),
  scheme: z.strictObject({ id: z.string(), name: z.string() }),
  basis: z.literal('effective'),
  rounding: z.literal('largest-remainder, 0.1 point'),
  overall: summaryGroupAnswer,
  byGoal: z.array(summaryGroupAnswer),
  byDepartment: z.array(summaryGroupAnswer),
  byRole: z.array(summaryGroupAnswer),
  /** Goal id → name. */
  goalNames: z.record(z.string(), z.string()),
});

/** An indicator as stored (the list of a strategy's indicators). */
export const indicatorRecordAnswer = z.strictObject({
  id: z.string(),
  strategyId: z.string(),
  ref: z.string().nullable(),
  owner: z.strictObject({ type: z.enum(['goal', 'measure', 'project']), id: z.string() }).nullable(),
  name: z.string(),
  unit: z.string().nullable(),
  role: indicatorRoleSchema.nullish(),
  direction: directionSchema.nullish(),
  aggregation: aggregationSchema.nullish(),
  tolerance: z.number().nullable(),
  definition: z.string().nullable(),
  notes: z.array(z.string()),
  lineage: lineageSchema.nullable(),
  reportedStatus: reportedStatusSchema.nullable(),
  reportedStatuses: z.array(reportedStatusSchema),
  provenance: provenanceSchema.nullable(),
  position: z.number().int(),
  version: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export const indicatorRecordsAnswer = pageAnswer(indicatorRecordAnswer);

const treeFigure = z.strictObject({
  fiscalYear: year.nullable(),
  value: z.number().nullable(),
  raw: z.string().nullable(),
  state: z.string().nullable(),
});
const treeTag = z.strictObject({ set: z.string(), tag: z.string() });
export const treeIndicatorAnswer = z.strictObject({
  id: z.string(),
  ref: z.string().nullable(),
  name: z.string(),
  unit: z.string().nullable(),
  role: z.string().nullable(),
  direction: z.string().nullable(),
  version: z.number().int(),
  departments: z.array(z.string()),
  tags: z.array(treeTag).optional(),
  baseline: treeFigure.nullable(),
  target: treeFigure.nullable(),
  latest: treeFigure.nullable(),
  evaluation: z
    .strictObject({
      status: z.strictObject({
        key: z.string(),
        label: z.string(),
        labelEn: z.string().optional(),
        color: z.string(),
        source: z.string(),
      }),
      computed: z.strictObject({
        key: z.string(),
        label: z.string(),
        labelEn: z.string().optional(),
        color: z.string(),
      }),
      override: z
        .strictObject({ label: z.string(), reason: z.string(), by: z.string(), at: z.string() })
        .nullable(),
      achievement: z.number().nullable(),
      pace: z.number().nullable(),
      forecast: z.number().nullable(),
    })
    .nullable(),
});
export const treeProjectAnswer = z.strictObject({
  id: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  departments: z.array(z.string()),
  tags: z.array(treeTag).optional(),
  sdgs: z.array(z.number().int()).optional(),
  priority: z.literal(true).optional(),
  indicators: z.array(treeIndicatorAnswer),
});
export const treeMeasureAnswer = z.strictObject({
  id: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  indicators: z.array(treeIndicatorAnswer),
  get measures(): z.ZodArray<typeof treeMeasureAnswer> {
    return z.array(treeMeasureAnswer);
  },
  projects: z.array(treeProjectAnswer),
});
/** The whole tree in one answer: goals → measures → projects → indicators with figures and status. */
export const strategyTreeAnswer = z.strictObject({
  strategy: z.strictObject({
    id: z.string(),
    name: z.string(),
    period: z.strictObject({ from: year.nullable(), to: year.nullable() }),
    version: z.number().int(),
  }),
  revision: z.number().int(),
  asOf: year.nullable(),
  scheme: z.strictObject({ id: z.string(), name: z.string(), source: z.string() }),
  goals: z.array(
    z.strictObject({
      id: z.string(),
      code: z.string().nullable(),
      name: z.string(),
      indicators: z.array(treeIndicatorAnswer),
      measures: z.array(treeMeasureAnswer),
    }),
  ),
  departments: z.array(z.strictObject({ id: z.string(), name: z.string() })).optional(),
  unassigned: z.strictObject({
    measures: z.array(treeMeasureAnswer),
    projects: z.array(treeProjectAnswer),
    indicators: z.array(treeIndicatorAnswer),
  }),
  /** The evaluation summary (see GET /api/strategies/:id/summary). */
  summary: z.unknown(),
});

export type StrategyTreeAnswer = z.output<typeof strategyTreeAnswer>;
export type SummaryAnswer = z.output<typeof summaryAnswer>;
export type IndicatorRecordAnswer = z.output<typeof indicatorRecordAnswer>;
