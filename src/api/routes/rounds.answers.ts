/**
 * Answer schemas of the reporting-round routes (照会), beside the routes (see answers.ts): in the
 * OpenAPI document, the web app's types, and checked against every real answer of the test suite.
 */
import { z } from 'zod';

const id = z.string();
const isoTime = z.string().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const year = z.number().int();

export const roundStateAnswer = z.enum(['preparing', 'open', 'closed', 'confirmed', 'published']);
export const partStateAnswer = z.enum(['not_started', 'in_progress', 'submitted', 'returned', 'approved']);
export const findingCodeAnswer = z.enum([
  'FIGURE_MISSING',
  'VALUE_UNPARSEABLE',
  'UNIT_DIFFERS',
  'OUTSIDE_PAST_RANGE',
  'UNUSUAL_JUMP',
  'YEAR_MISMATCH',
  'PENDING_OVERDUE',
  'COMMENTARY_MISSING',
]);

/** A round as stored. */
export const roundAnswer = z.strictObject({
  id,
  municipalityId: id,
  strategyId: id,
  fiscalYear: year,
  state: roundStateAnswer,
  deadline: isoDate,
  remindDays: z.number().int(),
  note: z.string().nullable(),
  openedAt: isoTime.nullable(),
  openedBy: z.string().nullable(),
  confirmedAt: isoTime.nullable(),
  confirmedBy: z.string().nullable(),
  confirmReason: z.string().nullable(),
  publishedAt: isoTime.nullable(),
  version: z.number().int(),
  updatedAt: isoTime,
});

const labelledRound = roundAnswer.extend({ stateLabel: z.string() });

const returnedItem = z.strictObject({ indicatorId: id, comment: z.string() });

/** A finding of the checks before submission (提出前チェック), with what to do about it. */
export const findingAnswer = z.strictObject({
  code: findingCodeAnswer,
  indicatorId: id,
  indicatorName: z.string(),
  fiscalYear: year,
  message: z.string(),
  messageEn: z.string(),
  fix: z.string(),
  fixEn: z.string(),
});

/** One department's line on the progress page. */
export const partProgressAnswer = z.strictObject({
  departmentId: id,
  departmentName: z.string(),
  state: partStateAnswer,
  stateLabel: z.string(),
  deadline: isoDate,
  items: z.number().int(),
  entered: z.number().int(),
  checked: z.number().int(),
  findings: z.number().int(),
  submittedAt: isoTime.nullable(),
  submittedBy: z.string().nullable(),
  lastActivityAt: isoTime.nullable(),
  returned: z.array(returnedItem),
  version: z.number().int(),
});

/** An exception: one indicator of a confirmed year reopened, with its reason. */
export const roundExceptionAnswer = z.strictObject({
  id,
  roundId: id,
  indicatorId: id,
  reason: z.string(),
  openedBy: z.string(),
  openedAt: isoTime,
  closedAt: isoTime.nullable(),
  closedBy: z.string().nullable(),
  version: z.number().int(),
});

/** An indicator the departments answer for in the round (the exception form chooses among them). */
export const roundIndicatorAnswer = z.strictObject({
  indicatorId: id,
  name: z.string(),
  unit: z.string().nullable(),
  departmentNames: z.array(z.string()),
  /** Reopened by an open exception. */
  reopened: z.boolean(),
});

/** A round with its progress per department (GET /api/rounds/:id). */
export const roundViewAnswer = labelledRound.extend({
  strategyName: z.string(),
  /** What the municipality calls its planning division (企画担当課 when it has not said). */
  planningDivision: z.string(),
  parts: z.array(partProgressAnswer),
  counts: z.record(partStateAnswer, z.number().int()),
  exceptions: z.array(roundExceptionAnswer),
  indicators: z.array(roundIndicatorAnswer),
});

/** What the mail server was given for a change that notifies (configured: whether one is set up). */
export const mailReportAnswer = z.strictObject({
  configured: z.boolean(),
  sent: z.number().int(),
  failed: z.array(z.strictObject({ to: z.array(z.string()), error: z.string() })),
});

export const roundChangeAnswer = roundViewAnswer.extend({ mail: mailReportAnswer });

export const roundsAnswer = z.array(labelledRound);

/** One item of a department's answer, with its findings. */
export const partItemAnswer = z.strictObject({
  indicatorId: id,
  name: z.string(),
  unit: z.string().nullable(),
  actual: z
    .strictObject({
      raw: z.string().nullable(),
      state: z.string().nullable(),
      value: z.number().nullable(),
      date: z.string().nullable(),
    })
    .nullable(),
  /** The figures of the years before (for the range checks). */
  past: z.array(z.strictObject({ fiscalYear: year, value: z.number() })).readonly(),
  hasCommentary: z.boolean(),
  status: z.strictObject({ label: z.string(), lowest: z.boolean() }).nullable(),
  findings: z.array(findingAnswer),
  returnedComment: z.string().nullable(),
  editable: z.boolean(),
  /** The reason of the open exception reopening it after confirmation, else null. */
  exceptionReason: z.string().nullable(),
});

/** A department's answer: its state, deadline, items and findings. */
export const partViewAnswer = z.strictObject({
  round: labelledRound.extend({ strategyName: z.string() }),
  part: z.strictObject({
    id,
    roundId: id,
    departmentId: id,
    state: partStateAnswer,
    deadline: isoDate.nullable(),
    returned: z.array(returnedItem),
    acknowledgements: z.array(
      z.strictObject({ indicatorId: id, code: findingCodeAnswer, reason: z.string() }),
    ),
    submittedAt: isoTime.nullable(),
    submittedBy: z.string().nullable(),
    lastActivityAt: isoTime.nullable(),
    remindedAt: isoTime.nullable(),
    version: z.number().int(),
    stateLabel: z.string(),
    departmentName: z.string(),
    effectiveDeadline: isoDate,
  }),
  items: z.array(partItemAnswer),
  findings: z.array(findingAnswer),
  open: z.array(findingAnswer),
});

export const partChangeAnswer = partViewAnswer.extend({ mail: mailReportAnswer });

export const remindersAnswer = z.strictObject({
  reminded: z.array(z.strictObject({ roundId: id, departmentId: id })),
  mail: mailReportAnswer,
});

/** One task of a department: its answer in an open round. */
export const roundTaskAnswer = z.strictObject({
  roundId: id,
  strategyId: id,
  strategyName: z.string(),
  fiscalYear: year,
  roundState: roundStateAnswer,
  roundStateLabel: z.string(),
  departmentId: id,
  departmentName: z.string(),
  state: partStateAnswer,
  stateLabel: z.string(),
  deadline: isoDate,
  daysLeft: z.number().int(),
  items: z.number().int(),
  entered: z.number().int(),
  findings: z.number().int(),
  returned: z.number().int(),
});
export const roundTasksAnswer = z.array(roundTaskAnswer);

export const noticeAnswer = z.strictObject({
  id,
  roundId: id.nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: isoTime,
  readAt: isoTime.nullable(),
});
export const noticesAnswer = z.strictObject({ items: z.array(noticeAnswer), unread: z.number().int() });
export const noticesReadAnswer = z.strictObject({ marked: z.number().int() });

export type RoundListItem = z.output<typeof labelledRound>;
export type RoundViewAnswer = z.output<typeof roundViewAnswer>;
export type PartViewAnswer = z.output<typeof partViewAnswer>;
export type RoundTaskAnswer = z.output<typeof roundTaskAnswer>;
export type NoticeAnswer = z.output<typeof noticeAnswer>;
