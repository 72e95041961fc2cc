import { indicatorDepartments } from '../answerable-departments.ts';
import { toDisplayUnit } from '../display-unit.ts';
import { checkEntry, type EntryWarning } from '../entry-check.ts';
import { toFigure } from '../figure.ts';
import type { Figure, Indicator, StrategyDocument } from '../interchange.ts';
import type { Issue, Place } from '../issue.ts';
import { actualOf, actualYears } from './report-context.ts';
import { formatJapaneseDate, formatPlain } from './report-model.ts';

/** The sheet a department fills in (入力) and the very hidden sheet that says what was exported. */
export const ENTRY_SHEET = '入力';
export const META_SHEET = '_sousei';
/** The entry sheet's header row and its first indicator row. */
export const ENTRY_HEADER_ROW = 4;
export const ENTRY_FIRST_ROW = 5;
/** The hidden sheet: rows 1–5 the identity, row 6 the column names, one row per indicator from 7. */
export const META_FIRST_ROW = 7;

/**
 * The entry sheet's columns: 番号, 指標名, 単位, the fixed figures (baseline, each history year,
 * target), then the inputs 実績値, 備考 and the commentary ①②③. The writer and the reader of the
 * workbook share it.
 *
 * @example entryLayout({ historyYears: [2021, 2022] }) // { firstFixed: 4, fixedCount: 4, actualCol: 8, noteCol: 9, commentaryCol: { progress: 10, issues: 11, nextSteps: 12 } }
 */
export function entryLayout(model: { historyYears: readonly number[] }) {
  const fixedCount = model.historyYears.length + 2;
  const firstFixed = 4;
  const actualCol = firstFixed + fixedCount;
  const noteCol = actualCol + 1;
  const commentaryCol = { progress: noteCol + 1, issues: noteCol + 2, nextSteps: noteCol + 3 };
  return { firstFixed, fixedCount, actualCol, noteCol, commentaryCol };
}

/**
 * An error of an uploaded entry workbook: the one Issue type, with the cell's address (`D12`).
 *
 * @example entryIssue('UNKNOWN_INDICATOR', 'シート「入力」H5: …', "Sheet '入力' H5: …", { sheet: '入力', row: 5 }, 'H5')
 */
export function entryIssue(
  code: string,
  message: string,
  messageEn: string,
  place: Place | null,
  cell: string | null,
): Issue {
  return { code, severity: 'error', message, messageEn, place, hint: null, cell };
}

/** Marker written in the hidden sheet of a data-entry workbook (入力用ブック). */
export const ENTRY_WORKBOOK_MARKER = 'sousei-entry-workbook';
/** 2: the commentary ①②③ columns after 備考 (a version 1 workbook is read without them). */
export const ENTRY_WORKBOOK_VERSION = 2;

/** The commentary of a year as the workbook holds it: ①実施状況 ②課題 ③今後の方策. */
export interface CommentaryTexts {
  progress: string;
  issues: string;
  nextSteps: string;
}

export const COMMENTARY_FIELDS = ['progress', 'issues', 'nextSteps'] as const;
/** Column headings of the commentary (the web entry's labels). */
export const COMMENTARY_HEADINGS: Record<(typeof COMMENTARY_FIELDS)[number], string> = {
  progress: '①実施状況',
  issues: '②課題',
  nextSteps: '③今後の方策',
};
/** The longest commentary text the API takes (the same limit for the workbook). */
export const COMMENTARY_MAX = 20_000;

/** The year's stored commentary of an indicator, with its version (null: none yet). */
export interface CurrentCommentary extends CommentaryTexts {
  version: number | null;
}

/** One indicator row of a data-entry workbook. */
export interface EntryRow {
  indicatorId: string;
  /** Version of the stored actual of the year at export (null: no actual yet). */
  actualVersion: number | null;
  name: string;
  unit: string;
  /** Texts of the protected cells, in column order: baseline, each history year, target. */
  fixed: string[];
  /** The year's actual as it stood at export (its original text), '' when none. */
  actual: string;
  note: string;
  /** The year's commentary at export ('' each when none) and its version. */
  commentary: CommentaryTexts;
  commentaryVersion: number | null;
}

/**
 * A data-entry workbook for one department and one fiscal year (担当課入力用ブック): the
 * department's indicators with baseline, the history of actuals before the year, target and the
 * year's actual to fill in. The versions of the actuals are kept so that the upload can tell a
 * change made since the export (a conflict).
 *
 * @example entryWorkbook(doc, { department: '商工労働課', fiscalYear: 2024, date: '2025-04-01',
 *   strategyId: 's1', versions: new Map() }).rows.length // the department's indicators
 */
export interface EntryWorkbookModel {
  municipality: string;
  strategyId: string;
  strategyName: string;
  department: string;
  fiscalYear: number;
  date: string;
  dateText: string;
  historyYears: number[];
  rows: EntryRow[];
  /** The reporting round (照会) of the year, when there is one: its state and the department's deadline. */
  round: { stateLabel: string; deadline: string; deadlineText: string } | null;
}

/**
 * Builds the entry workbook model from a document. `versions` maps indicator id → version of the
 * stored actual of the year (from storage; empty for a file document).
 *
 * @example entryWorkbook(doc, { department: '商工労働課', fiscalYear: 2024, date: '2025-04-01', strategyId: 's1', versions: new Map() })
 */
export function entryWorkbook(
  doc: StrategyDocument,
  options: {
    department: string;
    fiscalYear: number;
    date: string;
    strategyId: string;
    versions: ReadonlyMap<string, number>;
    municipality?: string | null;
    /** Indicator id → the year's stored commentary with its version (storage); else the document's. */
    commentary?: ReadonlyMap<string, CurrentCommentary>;
    /** The year's round: its state label (受付中) and the department's deadline (ISO date). */
    round?: { stateLabel: string; deadline: string } | null;
  },
): EntryWorkbookModel {
  const fy = options.fiscalYear;
  const depts = indicatorDepartments(doc);
  const mine = doc.indicators.filter((i) => (depts.get(i.id) ?? []).includes(options.department));
  const historyYears = actualYears(mine, fy - 1);
  const rows = mine.map<EntryRow>((ind) => {
    const current = actualOf(ind, fy);
    return {
      indicatorId: ind.id,
      actualVersion: options.versions.get(ind.id) ?? null,
      name: ind.name,
      unit: ind.unit ?? '',
      fixed: [
        figureText(ind.baseline, ind),
        ...historyYears.map((y) => figureText(actualOf(ind, y), ind)),
        figureText(ind.target, ind),
      ],
      actual: current ? figureText(current, ind) : '',
      note: current?.note ?? '',
      ...commentaryOf(ind, fy, options.commentary),
    };
  });
  return {
    municipality: options.municipality ?? doc.municipality?.name ?? '',
    strategyId: options.strategyId,
    strategyName: doc.strategy?.name ?? '',
    department: options.department,
    fiscalYear: fy,
    date: options.date,
    dateText: formatJapaneseDate(options.date),
    historyYears,
    rows,
    round: options.round
      ? { ...options.round, deadlineText: formatJapaneseDate(options.round.deadline) }
      : null,
  };
}

function commentaryOf(
  ind: Indicator,
  fy: number,
  stored: ReadonlyMap<string, CurrentCommentary> | undefined,
): Pick<EntryRow, 'commentary' | 'commentaryVersion'> {
  const c = stored ? stored.get(ind.id) : ind.commentary?.find((x) => x.fiscalYear === fy);
  return {
    commentary: {
      progress: c?.progress ?? '',
      issues: c?.issues ?? '',
      nextSteps: c?.nextSteps ?? '',
    },
    commentaryVersion: stored ? (stored.get(ind.id)?.version ?? null) : null,
  };
}

function figureText(f: Figure | null | undefined, ind: Indicator): string {
  if (!f) return '';
  if (f.raw?.trim()) return f.raw.trim();
  return f.value != null ? `${formatPlain(toDisplayUnit(f.value, ind.unit))}${ind.unit ?? ''}` : '';
}

/** What an uploaded entry workbook says, as read by the file adapter (src/import/entry-workbook.ts). */
export interface EntryUpload {
  strategyId: string;
  department: string;
  fiscalYear: number;
  entries: EntryUploadRow[];
}

/** One row of an uploaded workbook: what was exported (hidden sheet) and what is in the cells now. */
export interface EntryUploadRow {
  indicatorId: string;
  actualVersion: number | null;
  exportedActual: string;
  enteredActual: string;
  exportedNote: string;
  enteredNote: string;
  sheet: string;
  /** 1-based row of the entry sheet, and the address of the actual's cell (`H12`). */
  row: number;
  column: number;
  cell: string;
  /** The commentary cells (a version 2 workbook): what was exported and what is there now. */
  commentary?: {
    version: number | null;
    exported: CommentaryTexts;
    entered: CommentaryTexts;
    /** Address of each field's cell (`J12`). */
    cells: CommentaryTexts;
  } | null;
}

/** The state of an indicator's actual of the year now (from storage or the document). */
export interface CurrentActual {
  raw: string;
  note: string;
  version: number | null;
}

/** One line of an upload's diff (差分): a change, a new figure, a conflict, or unchanged. */
export interface EntryChange {
  indicatorId: string;
  name: string;
  kind: 'change' | 'new' | 'conflict' | 'unchanged';
  before: string | null;
  after: string;
  /** The figure as parsed by the core (what would be stored). */
  figure: Figure;
  note: string | null;
  /** The version the change replaces (compare-and-set on apply). */
  version: number | null;
  /** For a conflict: what is stored now (changed by someone since the export). */
  current: CurrentActual | null;
  sheet: string;
  cell: string;
  /** The entry checks' warnings on the entered figure (each needs a confirmation to apply). */
  warnings: EntryWarning[];
}

/** One commentary line of an upload's diff: new, changed, or changed since the export (conflict). */
export interface EntryCommentaryChange {
  indicatorId: string;
  name: string;
  kind: 'change' | 'new' | 'conflict';
  before: CommentaryTexts | null;
  after: CommentaryTexts;
  /** The version the change replaces (compare-and-set on apply); null: none stored. */
  version: number | null;
  /** For a conflict: what is stored now. */
  current: CurrentCommentary | null;
  sheet: string;
  /** The first changed cell (`J12`). */
  cell: string;
}

const trimmed = (c: CommentaryTexts): CommentaryTexts => ({
  progress: c.progress.trim(),
  issues: c.issues.trim(),
  nextSteps: c.nextSteps.trim(),
});
const sameTexts = (a: CommentaryTexts, b: CommentaryTexts) =>
  COMMENTARY_FIELDS.every((f) => a[f].trim() === b[f].trim());

/**
 * The commentary line of an uploaded row, with the same checks as the web entry: each text within
 * the API's limit (else an issue naming the cell), a change since the export is a conflict.
 */
function commentaryChange(
  e: EntryUploadRow,
  name: string,
  now: CurrentCommentary | null,
  issues: Issue[],
): EntryCommentaryChange | null {
  const c = e.commentary;
  if (!c || sameTexts(c.entered, c.exported)) return null;
  for (const f of COMMENTARY_FIELDS)
    if (c.entered[f].trim().length > COMMENTARY_MAX) {
      issues.push(
        entryIssue(
          'COMMENTARY_TOO_LONG',
          `シート「${e.sheet}」${c.cells[f]} (${COMMENTARY_HEADINGS[f]}): ${c.entered[f].trim().length}文字あります。${COMMENTARY_MAX}文字以内にしてください`,
          `Sheet '${e.sheet}' ${c.cells[f]} (${f}): ${c.entered[f].trim().length} characters; keep it within ${COMMENTARY_MAX}`,
          { sheet: e.sheet, row: e.row, field: f },
          c.cells[f],
        ),
      );
      return null;
    }
  const changedSinceExport = (now?.version ?? null) !== c.version;
  const first = COMMENTARY_FIELDS.find((f) => c.entered[f].trim() !== c.exported[f].trim()) ?? 'progress';
  return {
    indicatorId: e.indicatorId,
    name,
    kind: changedSinceExport ? 'conflict' : now?.version != null ? 'change' : 'new',
    before: now?.version != null ? trimmed(now) : null,
    after: trimmed(c.entered),
    version: now?.version ?? null,
    // What is stored now, without the storage's own fields (the caller's map may carry an id).
    current:
      changedSinceExport && now
        ? { progress: now.progress, issues: now.issues, nextSteps: now.nextSteps, version: now.version }
        : null,
    sheet: e.sheet,
    cell: c.cells[first],
  };
}

/**
 * Compares an uploaded workbook with the stored state and parses every entered figure with the
 * core value parser. Rows whose entry did not change are `unchanged` (not applied); an entry on
 * a row whose stored actual changed since the export is a `conflict`. Unknown indicators, a
 * workbook for another strategy, department or year, and entries that cannot be read as a figure
 * are issues naming the sheet and cell. Every change carries the core's entry-check warnings
 * (unit, range, jump, year) against the indicator's past figures. The commentary ①②③ edited in
 * the workbook comes back as `commentary` lines (new, changed, or a conflict with a change made
 * since the export), compared with `currentCommentary`. The `departments` of `indicators` are
 * those answerable for each (`indicatorDepartments`), as in the exported workbook.
 *
 * @example diffEntries(upload, { strategyId: 's1', department: '商工労働課', fiscalYear: 2024 }, current, names)
 *   // { changes: [{ kind: 'new', cell: 'H4', after: '1,320件', ... }], issues: [] }
 */
export function diffEntries(
  upload: EntryUpload,
  expected: { strategyId: string; department: string | null; fiscalYear: number | null },
  current: ReadonlyMap<string, CurrentActual | null>,
  indicators: ReadonlyMap<
    string,
    Pick<Indicator, 'id' | 'name' | 'unit' | 'departments'> & Partial<Pick<Indicator, 'baseline' | 'actuals'>>
  >,
  currentCommentary: ReadonlyMap<string, CurrentCommentary> = new Map(),
): { changes: EntryChange[]; commentary: EntryCommentaryChange[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const meta = (field: string, message: string, messageEn: string, code: string) =>
    issues.push(entryIssue(code, message, messageEn, { sheet: META_SHEET, field }, null));
  if (upload.strategyId !== expected.strategyId)
    meta(
      'strategyId',
      `別の総合戦略のブックです (ブック: ${upload.strategyId}、アップロード先: ${expected.strategyId})。この戦略から書き出したブックを使ってください`,
      `The workbook belongs to another strategy (${upload.strategyId}, not ${expected.strategyId}); use a workbook exported from this strategy`,
      'WORKBOOK_OTHER_STRATEGY',
    );
  if (expected.department != null && upload.department !== expected.department)
    meta(
      'department',
      `別の担当課のブックです (ブック: ${upload.department}、指定: ${expected.department})`,
      `The workbook is for another department (${upload.department}, not ${expected.department})`,
      'WORKBOOK_OTHER_DEPARTMENT',
    );
  if (expected.fiscalYear != null && upload.fiscalYear !== expected.fiscalYear)
    meta(
      'fiscalYear',
      `別の年度のブックです (ブック: ${upload.fiscalYear}年度、指定: ${expected.fiscalYear}年度)`,
      `The workbook is for another fiscal year (${upload.fiscalYear}, not ${expected.fiscalYear})`,
      'WORKBOOK_OTHER_YEAR',
    );
  if (issues.length) return { changes: [], commentary: [], issues };
  const changes: EntryChange[] = [];
  const commentary: EntryCommentaryChange[] = [];
  for (const e of upload.entries) {
    const place = { sheet: e.sheet, row: e.row, column: e.column, field: 'actual' };
    const ind = indicators.get(e.indicatorId);
    if (!ind || !(ind.departments ?? []).includes(upload.department)) {
      issues.push(
        entryIssue(
          'UNKNOWN_INDICATOR',
          `シート「${e.sheet}」${e.cell}: 指標「${e.indicatorId}」はこの戦略・担当課にありません。新しく書き出したブックを使ってください`,
          `Sheet '${e.sheet}' ${e.cell}: indicator '${e.indicatorId}' is not in this strategy for this department; export a new workbook`,
          place,
          e.cell,
        ),
      );
      continue;
    }
    const said = commentaryChange(e, ind.name, currentCommentary.get(e.indicatorId) ?? null, issues);
    if (said) commentary.push(said);
    const entered = e.enteredActual.trim();
    const note = e.enteredNote.trim();
    if (entered === e.exportedActual.trim() && note === e.exportedNote.trim()) continue;
    if (entered === '') continue; // clearing a figure is not done by upload
    const figure = toFigure(
      entered,
      { year: upload.fiscalYear, basis: 'fiscal' },
      undefined,
      ind.unit ?? null,
    );
    const kind = figure.parsed?.kind;
    if (figure.value == null && kind !== 'pending' && kind !== 'missing') {
      issues.push(
        entryIssue(
          'VALUE_UNPARSEABLE',
          `シート「${e.sheet}」${e.cell} (実績値): 「${entered}」を数値として読めません。例: 1,320件、(速報値) 80.2%、令和7年9月 公表予定`,
          `Sheet '${e.sheet}' ${e.cell} (actual): '${entered}' is not a figure; write e.g. 1,320件, (速報値) 80.2% or 令和7年9月 公表予定`,
          place,
          e.cell,
        ),
      );
      continue;
    }
    const past = [ind.baseline, ...(ind.actuals ?? [])].flatMap((f) =>
      f?.fiscalYear != null && f.value != null ? [{ fiscalYear: f.fiscalYear, value: f.value }] : [],
    );
    const { warnings } = checkEntry(entered, { unit: ind.unit ?? null, fiscalYear: upload.fiscalYear, past });
    const now = current.get(e.indicatorId) ?? null;
    const changedSinceExport = (now?.version ?? null) !== e.actualVersion;
    changes.push({
      indicatorId: e.indicatorId,
      name: ind.name,
      kind: changedSinceExport ? 'conflict' : now ? 'change' : 'new',
      before: now?.raw ?? null,
      after: entered,
      figure: { ...figure, fiscalYear: upload.fiscalYear },
      note: note || null,
      version: now?.version ?? null,
      current: changedSinceExport ? now : null,
      sheet: e.sheet,
      cell: e.cell,
      warnings,
    });
  }
  return { changes, commentary, issues };
}
