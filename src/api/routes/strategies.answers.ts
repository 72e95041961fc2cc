/**
 * Answer schemas of the strategy and municipality routes: what the API answers, in Zod, beside the
 * routes. They document the answers in the OpenAPI document, give the web app its types
 * (web/src/api/types.ts imports them), and are checked against every real answer of the API test
 * suite (see `checkAnswer` in route.ts). routes/strategies.ts holds the services' types to them.
 */
import { z } from 'zod';
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
