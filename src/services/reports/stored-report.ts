import type { Kysely } from 'kysely';
import { withAnswerableDepartments } from '../../core/answerable-departments.ts';
import { latestActualYear } from '../../core/evaluation/evaluate.ts';
import type { CommitteeOpinion } from '../../core/reports/committee-opinions.ts';
import type { CsvEncoding } from '../../reports/csv.ts';
import { listOpinions } from '../../store/opinions.ts';
import type { Database } from '../../store/schema.ts';
import type { RequestContext } from '../context.ts';
import type { Outcome } from '../errors.ts';
import { evaluateStrategy } from '../figures/evaluation.ts';
import { withSuccessorPeriod } from './period-review-document.ts';
import {
  type DocumentOptions,
  type RenderedFile,
  type ReportFormat,
  type ReportRequestKind,
  renderReport,
} from './report-render.ts';

/** What a stored strategy's document is made from: plain data (it crosses to a worker). */
export interface StoredReportJob {
  strategyId: string;
  kind: Exclude<ReportRequestKind, 'entry-workbook'>;
  format: ReportFormat;
  /** The edition date set (the caller fills the request's date in when the user sets none). */
  options: DocumentOptions & { encoding?: CsvEncoding };
}

/**
 * A stored strategy's document from the strategy's evaluation of its current revision, reused from
 * the evaluation cache of `db` when there (services/figures/evaluation.ts: the one the tree, the
 * summary and the indicator page use), else read and evaluated once and kept there. Runs in the
 * request's thread for a small strategy, in a worker of the pool through the worker's own
 * read-only connection and cache for a large one (services/reports/reports.ts strategyReport).
 * `ctx` must be allowed to read the strategy.
 */
export async function storedReport(
  db: Kysely<Database>,
  ctx: RequestContext,
  job: StoredReportJob,
): Promise<Outcome<RenderedFile>> {
  const { strategyId, kind, format, options } = job;
  const evaluated = await evaluateStrategy(db, ctx, strategyId, {
    asOf: options.fiscalYear ?? null,
    text: false,
    cached: true,
  });
  if (!evaluated.ok) return evaluated;
  const { loaded, evaluation } = evaluated.value;
  const asOf = evaluation.asOf ?? latestActualYear(loaded.doc);
  // The period review puts the next period (if any) beside this one (its indicators read by the
  // same rule of answerable departments as this one's).
  const doc =
    kind === 'period-review' ? withAnswerableDepartments(await withSuccessorPeriod(db, loaded)) : loaded.doc;
  // The opinions document lists one year's; the period review shows the whole period's.
  const opinions =
    kind === 'committee-opinions' || kind === 'period-review'
      ? (
          await listOpinions(db, {
            strategyId,
            fiscalYear: kind === 'committee-opinions' ? (asOf ?? undefined) : undefined,
          })
        ).map(
          (o): CommitteeOpinion => ({
            targetType: o.targetType,
            targetId: o.targetId,
            fiscalYear: o.fiscalYear,
            body: o.body,
            response: o.response,
            respondedAt: o.respondedAt,
          }),
        )
      : undefined;
  return renderReport(doc, evaluation, kind, format, { ...options, ...(opinions ? { opinions } : {}) });
}
