import type { Kysely } from 'kysely';
import { indicatorDepartments } from '../../core/answerable-departments.ts';
import type { FigureConfirmation } from '../../core/entry-check.ts';
import type { Figure } from '../../core/interchange.ts';
import type { Issue, Result } from '../../core/issue.ts';
import {
  type CurrentActual,
  diffEntries,
  type EntryChange,
  type EntryCommentaryChange,
  type EntryUpload,
  entryWorkbook,
} from '../../core/reports/entry-workbook.ts';
import type { CsvEncoding } from '../../reports/csv.ts';
import { entryWorkbookXlsx } from '../../reports/entry-workbook.ts';
import type { CommentaryRecord } from '../../store/commentary.ts';
import { configOf } from '../../store/db.ts';
import { departmentIdsNamed } from '../../store/departments.ts';
import type { FigureChange } from '../../store/figure-versions.ts';
import { countIndicators } from '../../store/indicators.ts';
import {
  countActuals,
  findActual,
  insertObservation,
  type ObservationRecord,
  observationRow,
  toObservation,
  updateObservation,
} from '../../store/observations.ts';
import type { Database } from '../../store/schema.ts';
import { getStrategyHead, touchStrategy } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import {
  catchRollback,
  fail,
  invalid,
  notFound,
  type Outcome,
  ok,
  Rollback,
  versionConflict,
} from '../errors.ts';
import { applyCommentaryLine, commentaryOfYear } from '../figures/commentary.ts';
import { needsConfirmation } from '../figures/observations.ts';
import { poolFailure, runTask, workerCount } from '../ops/offload.ts';
import { Streamed } from '../ops/worker-pool.ts';
import { guardYearWrite } from '../rounds/round-guard.ts';
import { roundForDepartment } from '../rounds/round-parts.ts';
import { loadStrategy } from '../strategy/strategy-document.ts';
import { recordChange } from '../versioned-write.ts';
import {
  type DocumentOptions,
  type RenderedFile,
  type ReportFormat,
  type ReportRequestKind,
  TYPES,
  wholeFile,
} from './report-render.ts';
import { type StoredReportJob, storedReport } from './stored-report.ts';

export {
  type DocumentOptions,
  fileBytes,
  REPORT_FORMATS,
  REPORT_KINDS,
  type RenderedFile,
  type ReportFormat,
  type ReportRequestKind,
  renderFileReport,
  renderReport,
  wholeFile,
} from './report-render.ts';

/** Strategies from this many indicators on have their documents rendered in a worker. */
const OFFLOAD_INDICATORS = 300;

/**
 * A stored strategy's document, rendered (read → core → adapter) and answered in pieces as it is
 * made. Needs read access. A small strategy's is made here from the shared evaluation cache; a
 * large one's in a worker of the pool, which reads the strategy through its own read-only
 * connection (the event loop does not read or copy the strategy) and sends the pieces back as the
 * reader takes them. An in-memory database (no other thread reaches it) or no pool: made here.
 */
export async function strategyReport(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  kind: Exclude<ReportRequestKind, 'entry-workbook'>,
  format: ReportFormat,
  options: Omit<DocumentOptions, 'date'> & { date?: string | null; encoding?: CsvEncoding },
): Promise<Outcome<RenderedFile>> {
  const head = await getStrategyHead(db, strategyId);
  if (!head) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = authorize(ctx, 'read', { municipalityId: head.municipalityId });
  if (denied) return fail(denied);
  const job: StoredReportJob = {
    strategyId,
    kind,
    format,
    // The edition date is the user's; a caller that sets none gets the request's date.
    options: { ...options, date: options.date || nowIso(ctx).slice(0, 10) },
  };
  const config = configOf(db);
  const heavy =
    config != null && workerCount() > 0 && (await countIndicators(db, strategyId)) >= OFFLOAD_INDICATORS;
  if (!heavy) return storedReport(db, ctx, job);
  try {
    const made = await runTask('renderStoredReport', { ...job, config, now: ctx.now().toISOString() }, true);
    return made instanceof Streamed ? ok({ ...made.head, chunks: made.chunks }) : made;
  } catch (err) {
    const busy = poolFailure(err);
    if (busy) return fail(busy);
    throw err;
  }
}

/** The actual of a fiscal year per indicator as stored (text, note, version). */
function currentActuals(
  actualRows: Map<
    string,
    {
      fiscal_year: number | null;
      raw: string | null;
      value: number | null;
      note: string | null;
      version: number;
    }[]
  >,
  fiscalYear: number,
): Map<string, CurrentActual | null> {
  const out = new Map<string, CurrentActual | null>();
  for (const [id, rows] of actualRows) {
    const row = rows.find((r) => r.fiscal_year === fiscalYear);
    out.set(
      id,
      row
        ? {
            raw: row.raw ?? (row.value != null ? String(row.value) : ''),
            note: row.note ?? '',
            version: row.version,
          }
        : null,
    );
  }
  return out;
}

/**
 * The data-entry workbook of a department for a fiscal year (XLSX). Needs the right to write that
 * department's figures (an editor: their own departments only; a planner: any).
 *
 * @example await exportEntryWorkbook(db, editorCtx, strategyId, '商工観光課', 2024) // ok: XLSX bytes
 */
export async function exportEntryWorkbook(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  department: string,
  fiscalYear: number,
): Promise<Outcome<RenderedFile>> {
  const loaded = await loadStrategy(db, strategyId);
  if (!loaded) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = await mayWriteDepartment(db, ctx, loaded.strategy.municipalityId, department);
  if (denied) return fail(denied);
  const versions = new Map<string, number>();
  for (const [id, rows] of loaded.actualRows) {
    const row = rows.find((r) => r.fiscal_year === fiscalYear);
    if (row) versions.set(id, row.version);
  }
  const round = await roundForDepartment(
    db,
    strategyId,
    fiscalYear,
    await departmentIdsNamed(db, loaded.strategy.municipalityId, department),
  );
  const model = entryWorkbook(loaded.doc, {
    department,
    fiscalYear,
    strategyId,
    versions,
    commentary: await commentaryOfYear(db, strategyId, fiscalYear),
    date: nowIso(ctx).slice(0, 10),
    round,
  });
  if (!model.rows.length)
    return fail(
      invalid(
        'department',
        `担当課「${department}」の指標がこの戦略にありません`,
        `No indicator of department '${department}' in this strategy`,
      ),
    );
  return ok(
    wholeFile(
      { contentType: TYPES.xlsx, fileName: `entry-${fiscalYear}.xlsx` },
      await entryWorkbookXlsx(model),
    ),
  );
}

/** Whether the caller may write the figures of the department named `department` (current or former name). */
async function mayWriteDepartment(
  db: Kysely<Database>,
  ctx: RequestContext,
  municipalityId: string,
  department: string,
) {
  const departmentIds = await departmentIdsNamed(db, municipalityId, department);
  return authorize(ctx, 'figures.write', { municipalityId, departmentIds });
}

/** Entry workbooks from this size on are read in a worker (services/offload.ts), as imports are. */
const OFFLOAD_BYTES = 256 * 1024;

/** The diff of an uploaded entry workbook (nothing stored). */
export interface EntryPreview {
  department: string;
  fiscalYear: number;
  changes: EntryChange[];
  /** The commentary ①②③ edited in the workbook. */
  commentary: EntryCommentaryChange[];
}

/** The upload refused: the first issue (with its fix, when it has one) and all of them in `details`. */
function uploadFailed(issues: Issue[]) {
  const first = issues[0];
  // A hint is written `日本語 / English`.
  const [hintJa, ...hintEn] = (first?.hint ?? '').split(' / ');
  return fail<never>({
    code: 'IMPORT_INVALID',
    message: `入力用ブックに問題があります (${issues.length}件): ${first?.message ?? ''}${hintJa ? `。${hintJa}` : ''}`,
    messageEn: `The entry workbook has ${issues.length} problem(s): ${first?.messageEn ?? ''}${hintEn.length ? `; ${hintEn.join(' / ')}` : ''}`,
    place: first?.place ?? null,
    details: issues,
  });
}

/**
 * Reads an uploaded entry workbook and shows what it would change (changes, new figures,
 * conflicts with a change made since the export). Stores nothing. Needs the right to write the
 * figures of the workbook's department.
 */
export async function previewEntryUpload(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  bytes: Uint8Array,
  expected: { department?: string | null; fiscalYear?: number | null } = {},
): Promise<Outcome<EntryPreview>> {
  let read: Result<EntryUpload>;
  try {
    // A large workbook is read in a worker of the pool, off the event loop (as an import is).
    read = await runTask('readEntryWorkbook', { bytes }, bytes.length >= OFFLOAD_BYTES);
  } catch (err) {
    const busy = poolFailure(err);
    if (busy) return fail(busy);
    throw err;
  }
  if (!read.ok) return uploadFailed(read.issues);
  const loaded = await loadStrategy(db, strategyId);
  if (!loaded) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = await mayWriteDepartment(
    db,
    ctx,
    loaded.strategy.municipalityId,
    expected.department ?? read.value.department,
  );
  if (denied) return fail(denied);
  const { changes, commentary, issues } = diffEntries(
    read.value,
    { strategyId, department: expected.department ?? null, fiscalYear: expected.fiscalYear ?? null },
    currentActuals(loaded.actualRows, read.value.fiscalYear),
    new Map(
      ((d) => loaded.doc.indicators.map((i) => [i.id, { ...i, departments: d.get(i.id) ?? [] }] as const))(
        indicatorDepartments(loaded.doc),
      ),
    ),
    await commentaryOfYear(db, strategyId, read.value.fiscalYear),
  );
  if (issues.length) return uploadFailed(issues);
  return ok({ department: read.value.department, fiscalYear: read.value.fiscalYear, changes, commentary });
}

/**
 * Applies the confirmed lines of an uploaded entry workbook (indicator ids in `confirm`), in one
 * transaction: each figure, and each commentary ①②③ edited in the workbook, is written with
 * compare-and-set on the version seen in the diff, and audited. A conflict is applied only when confirmed (the user chose the workbook's figure); if
 * the stored figure changed again after the preview, the whole upload is rolled back
 * (VERSION_CONFLICT). A line with entry-check warnings is applied only when its indicator id is
 * also in `confirmWarnings` (else NEEDS_CONFIRMATION naming the cells); the confirmation is stored
 * with the figure. Needs the right to write the figures of the workbook's department.
 */
export async function applyEntryUpload(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  bytes: Uint8Array,
  confirm: readonly string[],
  expected: { department?: string | null; fiscalYear?: number | null } = {},
  confirmWarnings: readonly string[] = [],
): Promise<Outcome<{ applied: ObservationRecord[]; commentary: CommentaryRecord[] }>> {
  // previewEntryUpload checks the department's write right (and that the file is that department's).
  const preview = await previewEntryUpload(db, ctx, strategyId, bytes, expected);
  if (!preview.ok) return preview;
  const wanted = new Set(confirm);
  const chosen = preview.value.changes.filter((c) => wanted.has(c.indicatorId));
  const comments = preview.value.commentary.filter((c) => wanted.has(c.indicatorId));
  const fy = preview.value.fiscalYear;
  const unconfirmed = unconfirmedWarnings(chosen, confirmWarnings);
  if (unconfirmed) return unconfirmed;
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const now = nowIso(ctx);
      for (const c of chosen)
        await guardYearWrite(
          trx,
          {
            strategyId,
            fiscalYear: fy,
            indicatorIds: [c.indicatorId],
            what: `実績値 (シート「${c.sheet}」${c.cell})`,
            departmentData: true,
          },
          now,
        );
      const applied: ObservationRecord[] = [];
      for (const c of chosen) applied.push(await applyFigureLine(trx, ctx, strategyId, fy, c, now));
      const commentary: CommentaryRecord[] = [];
      for (const line of comments)
        commentary.push(await applyCommentaryLine(trx, ctx, strategyId, fy, line, now));
      if (applied.length || commentary.length) await touchStrategy(trx, strategyId, now);
      return { applied, commentary };
    }),
  );
}

/**
 * A warned figure is applied only when its warnings were confirmed (as in the web grid): the
 * refusal naming the cells of the lines whose warnings were not, or null.
 */
function unconfirmedWarnings(chosen: EntryChange[], confirmWarnings: readonly string[]) {
  const acknowledged = new Set(confirmWarnings);
  const waiting = chosen.filter((c) => c.warnings.length && !acknowledged.has(c.indicatorId));
  if (!waiting.length) return null;
  const first = waiting[0]!;
  const refused = needsConfirmation(
    `シート「${first.sheet}」${first.cell} (実績値)`,
    waiting.flatMap((c) => c.warnings),
  );
  return fail<never>({
    ...refused,
    place: { sheet: first.sheet, field: 'actual' },
    details: {
      warnings: waiting.flatMap((c) => c.warnings),
      cells: waiting.map((c) => ({
        indicatorId: c.indicatorId,
        sheet: c.sheet,
        cell: c.cell,
        warnings: c.warnings,
      })),
    },
  });
}

/**
 * One figure line of the workbook: the year's actual added or updated with compare-and-set on the
 * version seen in the diff (with its confirmed warnings), and audited.
 */
async function applyFigureLine(
  trx: Executor,
  ctx: RequestContext,
  strategyId: string,
  fy: number,
  c: EntryChange,
  now: string,
): Promise<ObservationRecord> {
  const confirmedBy: FigureConfirmation | null = c.warnings.length
    ? { warnings: c.warnings, by: ctx.actor.name, at: now }
    : null;
  const figure: Figure = { ...c.figure, fiscalYear: fy, note: c.note };
  const change: FigureChange = { at: now, actor: ctx.actor, source: 'workbook' };
  const what = `${fy}年度の実績値 (${c.cell})`;
  const existing = await findActual(trx, c.indicatorId, fy);
  let observation: ObservationRecord;
  if (!existing) {
    if (c.version != null) throw new Rollback(versionConflict(what, c.version, null));
    const count = await countActuals(trx, c.indicatorId);
    const row = observationRow(
      figure,
      { indicatorId: c.indicatorId, strategyId, kind: 'actual', position: count },
      now,
      confirmedBy,
    );
    await insertObservation(trx, row, change);
    observation = toObservation(row);
  } else {
    if (c.version == null) throw new Rollback(versionConflict(what, 0, toObservation(existing)));
    const result = await updateObservation(trx, existing.id, c.version, figure, change, confirmedBy);
    if (!result.ok)
      throw new Rollback(
        versionConflict(
          what,
          c.version,
          result.reason === 'not_found' ? null : toObservation(result.current),
        ),
      );
    observation = toObservation(result.row);
  }
  await recordChange(
    trx,
    ctx,
    now,
    {
      municipalityId: null,
      strategyId,
      indicatorId: c.indicatorId,
      entityType: 'observation',
      entityId: observation.id,
      action: existing ? 'update' : 'create',
      before: existing ? toObservation(existing) : null,
      after: observation,
    },
    { revision: false },
  );
  return observation;
}
