/**
 * Response shapes of the Sousei API used by the web app (see /api/openapi.json): each comes from
 * the answer schema its route declares (src/api/routes/*.answers.ts) or from the core's one
 * definition, imported as types only; none is written out here.
 */

import type { z } from 'zod';
import type { apiErrorAnswer, issueAnswer, pageAnswer } from '../../../src/api/answers.ts';
import type {
  FigureVersionAnswer,
  IndicatorDetailAnswer,
  IndicatorEvaluationAnswer,
} from '../../../src/api/routes/indicators.answers.ts';
import type { OidcAvailabilityAnswer } from '../../../src/api/routes/oidc.answers.ts';
import type {
  MunicipalityViewAnswer,
  StrategyTimelineAnswer,
  StrategyViewAnswer,
} from '../../../src/api/routes/strategies.answers.ts';

// Reporting rounds (照会): src/api/routes/rounds.answers.ts.
export type {
  NoticeAnswer as RoundNotice,
  PartViewAnswer,
  RoundListItem,
  RoundTaskAnswer as RoundTask,
  RoundViewAnswer,
} from '../../../src/api/routes/rounds.answers.ts';

export type StrategyTimeline = StrategyTimelineAnswer;
/** Whether the sign-in page offers the city's SSO provider (GET /api/auth/oidc). */
export type OidcAvailability = OidcAvailabilityAnswer;

/** The body of every failure, inside `{ error }` (src/api/http-errors.ts). */
export type ApiErrorBody = z.output<typeof apiErrorAnswer>['error'];

/** A page of a list (`pageAnswer` in src/api/answers.ts) with its items' type. */
export type Page<T> = Omit<z.output<ReturnType<typeof pageAnswer>>, 'items'> & { items: T[] };

export type { AccountAnswer, ApiTokenAnswer } from '../../../src/api/routes/accounts.answers.ts';
// Sign-in and accounts: src/api/routes/auth.answers.ts, accounts.answers.ts.
export type {
  MeAnswer as Me,
  PublicUserAnswer as PublicUser,
  SessionAnswer,
} from '../../../src/api/routes/auth.answers.ts';

/** A strategy as GET /api/strategies/:id answers it: the stored fields, its timeline and state. */
export type Strategy = StrategyViewAnswer;

/** A municipality with its strategies (GET /api/municipalities). */
export type MunicipalityItem = MunicipalityViewAnswer;

/** A status as evaluated: label, colour, the rule that gave it and its source (computed or override). */
export type { StatusRefAnswer as StatusRef } from '../../../src/api/routes/evaluation.answers.ts';

export type { EntryWarning, FigureConfirmation } from '../../../src/core/entry-check.ts';
// Shapes the server computes in the core: one definition, imported as types only.
export type { StatusCount, SummaryGroup } from '../../../src/core/evaluation/summary.ts';
// The tree is built by the server from one definition in the core (types only).
export type {
  StrategyTree as Tree,
  TreeGoal,
  TreeIndicator,
  TreeMeasure,
  TreeProject,
  TreeTag,
} from '../../../src/core/strategy-tree.ts';

/** A status as the city wrote it in an imported document (e.g. 概ね順調に進捗), with its place. */
export type ReportedStatus = IndicatorDetailAnswer['reportedStatuses'][number];

/**
 * The evaluation of an indicator (GET /api/indicators/:id/evaluation): the core's result with its
 * explanation and judgement of record, the scheme's statuses and the stored overrides.
 */
export type IndicatorEvaluation = IndicatorEvaluationAnswer;

// Administration, departments, opinions: src/api/routes/admin.answers.ts, departments.answers.ts,
// opinions.answers.ts.
export type {
  AuditEntryAnswer as AuditEntry,
  SchemeListingAnswer as SchemeItem,
  TagSetAnswer as TagSetRecord,
  TagSetAnswer as TagSet,
} from '../../../src/api/routes/admin.answers.ts';
export type { DepartmentAnswer as DepartmentItem } from '../../../src/api/routes/departments.answers.ts';
export type { OpinionAnswer as Opinion } from '../../../src/api/routes/opinions.answers.ts';
/** A status scheme's definition and one of its rules (the core's schema). */
export type {
  StatusRule,
  StatusScheme as SchemeDefinition,
} from '../../../src/core/evaluation/status-scheme.ts';

// The move to the next period (次期への移行): the plan's shape is the core's (one definition).
export type {
  TransitionAddition,
  TransitionDecision,
  TransitionPlan,
} from '../../../src/core/period-transition.ts';

import type {
  IndicatorLinksAnswer,
  LinkedIndicatorAnswer,
  TransitionIndicatorAnswer,
  TransitionSummaryAnswer,
  TransitionViewAnswer,
} from '../../../src/api/routes/periods.answers.ts';

/** A move in a strategy's list (GET /api/strategies/:id/transitions). */
export type TransitionSummary = TransitionSummaryAnswer;

/** A problem that stops a confirmation, with its field (`decisions[3].reason`): the one issue shape. */
export type PlanIssue = z.output<typeof issueAnswer>;

/** One KPI of the current period in the wizard, with the baseline proposed for the next one. */
export type TransitionIndicator = TransitionIndicatorAnswer;

/** A move as GET/PUT /api/transitions/:id answer it. */
export type TransitionView = TransitionViewAnswer;

/** An indicator on the other side of a period link (GET /api/indicators/:id/links). */
export type LinkedIndicator = LinkedIndicatorAnswer;

export type IndicatorLinks = IndicatorLinksAnswer;

/** One version of a figure (GET /api/indicators/:id/figure-versions). */
export type FigureVersion = FigureVersionAnswer;

// The import wizard: src/api/routes/imports.answers.ts.
export type {
  GridPreviewAnswer as GridPreview,
  ImportPlanChoicesAnswer as PlanAnswer,
  ImportPreviewAnswer as ImportPreview,
  TableReportAnswer as MappedTable,
} from '../../../src/api/routes/imports.answers.ts';
// An indicator, its figures, overrides and commentary: src/api/routes/indicators.answers.ts.
export type {
  CommentaryAnswer as Commentary,
  IndicatorDetailAnswer as IndicatorDetail,
  ObservationAnswer as StoredFigure,
  OverrideAnswer as OverrideRecord,
} from '../../../src/api/routes/indicators.answers.ts';
export type {
  SchemePreviewAnswer as SchemePreview,
  SchemeProposalAnswer as SchemeProposal,
} from '../../../src/api/routes/scheme-preview.answers.ts';
// Evaluation summary, scheme preview and proposal: src/api/routes/strategies.answers.ts,
// scheme-preview.answers.ts.
export type {
  IndicatorRecordAnswer,
  SummaryAnswer as Summary,
} from '../../../src/api/routes/strategies.answers.ts';
