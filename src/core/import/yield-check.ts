/**
 * The honest part of the import report: what the sheets held against what came out. Rows that
 * carry figures (two numbers or more) are counted, and those of which no figure became data are
 * reported: a run of three such rows or more is a table-like region that produced nothing (a
 * warning with its place); fewer indicators than figure-bearing rows is said with the counts; and
 * an import that yields no indicator at all is an error naming what was found instead.
 */
import type { StrategyDocument } from '../interchange.ts';
import type { Issue } from '../issue.ts';
import type { Ctx, SheetRow } from './context.ts';
import { isMapped } from './ledger.ts';
import { kindOf } from './memo.ts';
import { strayRow } from './stray-rows.ts';

/** Counts of the yield check, as the report's coverage shows them. */
export interface YieldCounts {
  /** Rows with two figures or more (page numbers, footnotes and budget lines left out). */
  figureRows: number;
  /** Of those, rows at least one figure of which became data. */
  figureRowsRead: number;
  /** Non-empty cells kept as narrative text (counted in the mapped cells, reported apart). */
  narrativeCells: number;
  /** Share of the non-empty cells that became data (mapped, narrative left out). */
  dataRatio: number;
}

/** A sheet's rows as recognition read them. */
export interface ReadSheet {
  index: number;
  file: string;
  sheet: string | null;
  rows: SheetRow[];
}

const MIN_REGION_ROWS = 3;

/**
 * Checks the yield of a recognition run; pushes its warnings (and the no-indicator error) into
 * `warnings` / `issues` and returns the counts.
 *
 * @example
 * // a sheet of 5 rows of numbers under words no header names: TABLE_NOT_READ (rows 2–6) and
 * // NO_INDICATORS ('表のような範囲 1 (2–6行) …')
 */
export function checkYield(
  ctx: Ctx,
  sheets: ReadSheet[],
  document: StrategyDocument,
  warnings: Issue[],
  issues: Issue[],
): YieldCounts {
  let figureRows = 0;
  let figureRowsRead = 0;
  const narrativeRows = narrativeRowKeys(ctx, document);
  let narrativeCells = 0;
  const regions: { file: string; sheet: string | null; from: number; to: number; rows: number }[] = [];
  for (const s of sheets) {
    ctx.sheet = { file: s.file, sheet: s.sheet, index: s.index };
    let open: (typeof regions)[number] | null = null;
    for (const r of s.rows) {
      const narrative = narrativeRows.has(rowKey(s.file, s.sheet, r.row));
      if (narrative) for (const c of r.cells) if (!c.copy && isMapped(ctx, c)) narrativeCells++;
      const figures = r.cells.filter((c) => {
        if (c.copy) return false;
        const k = kindOf(ctx.memo, c.text);
        return k === 'figure' || k === 'int';
      });
      if (figures.length < 2 || strayRow(r)) continue;
      figureRows++;
      // Figures kept inside a narrative text did not become data.
      if (!narrative && figures.some((c) => isMapped(ctx, c))) {
        figureRowsRead++;
        open = null;
        continue;
      }
      if (open && r.row - open.to <= 2) {
        open.to = r.row;
        open.rows++;
      } else {
        open = { file: s.file, sheet: s.sheet, from: r.row, to: r.row, rows: 1 };
        regions.push(open);
      }
    }
  }
  const tableLike = regions.filter((g) => g.rows >= MIN_REGION_ROWS);
  for (const g of tableLike)
    warnings.push({
      code: 'TABLE_NOT_READ',
      severity: 'warning',
      message: `${g.from}〜${g.to}行目は数値の並ぶ表のようですが、指標として読めませんでした。見出し行と列の役割を指定してください`,
      messageEn: `Rows ${g.from}–${g.to} look like a table of figures, but no indicator came out of them; choose the header row and the column roles`,
      place: { file: g.file, sheet: g.sheet, row: g.from },
      hint: '取込画面で見出し行・列の役割を指定できます / set the header row and column roles in the import wizard',
    });
  const unread = figureRows - figureRowsRead;
  const indicators = document.indicators.length;
  if (indicators > 0 && unread > 0 && indicators < figureRows)
    warnings.push({
      code: 'FEWER_INDICATORS_THAN_ROWS',
      severity: 'warning',
      message: `数値のある行が${figureRows}行ありますが、取り込めた指標は${indicators}件です。${unread}行の数値は読めていません`,
      messageEn: `${figureRows} rows carry figures but ${indicators} indicators came out; the figures of ${unread} rows were not read`,
      place: tableLike[0]
        ? { file: tableLike[0].file, sheet: tableLike[0].sheet, row: tableLike[0].from }
        : sheets[0]
          ? { file: sheets[0].file, sheet: sheets[0].sheet }
          : null,
      hint: null,
    });
  const nonEmpty = sheets.some((s) => s.rows.some((r) => r.cells.some((c) => !c.copy)));
  if (indicators === 0 && nonEmpty)
    issues.push(noIndicators(ctx, sheets, document, tableLike, figureRows, narrativeCells));
  let nonEmptyCells = 0;
  let mappedCells = 0;
  for (const s of sheets) {
    ctx.sheet = { file: s.file, sheet: s.sheet, index: s.index };
    for (const r of s.rows)
      for (const c of r.cells)
        if (!c.copy) {
          nonEmptyCells++;
          if (isMapped(ctx, c)) mappedCells++;
        }
  }
  const dataRatio = nonEmptyCells === 0 ? 1 : (mappedCells - narrativeCells) / nonEmptyCells;
  return { figureRows, figureRowsRead, narrativeCells, dataRatio };
}

/** The error of an import without any indicator, naming what was found instead. */
function noIndicators(
  ctx: Ctx,
  sheets: ReadSheet[],
  doc: StrategyDocument,
  regions: { file: string; sheet: string | null; from: number; to: number }[],
  figureRows: number,
  narrativeCells: number,
): Issue {
  const kinds = new Map<string, number>();
  for (const t of ctx.tables) if (t.kind !== 'section') kinds.set(t.kind, (kinds.get(t.kind) ?? 0) + 1);
  const tables = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const found = [
    `tables: ${tables}`,
    `goals ${doc.goals.length}, measures ${doc.measures.length}, projects ${doc.projects.length}`,
    `rows with figures ${figureRows}`,
    `narrative cells ${narrativeCells}`,
    ...regions.slice(0, 3).map((g) => `table-like rows ${g.from}–${g.to}${g.sheet ? ` (${g.sheet})` : ''}`),
  ].join('; ');
  const foundJa = [
    `表 ${ctx.tables.filter((t) => t.kind !== 'section').length}`,
    `基本目標 ${doc.goals.length}・施策 ${doc.measures.length}・事業 ${doc.projects.length}`,
    `数値のある行 ${figureRows}`,
    `文章のセル ${narrativeCells}`,
    ...regions.slice(0, 3).map((g) => `表のような範囲 ${g.from}〜${g.to}行目`),
  ].join('、');
  const first = regions[0] ?? null;
  return {
    code: 'NO_INDICATORS',
    severity: 'error',
    message: `指標を1件も読み取れませんでした（見つかったもの: ${foundJa}）。指標名・基準値・目標値などの見出し行があるか確認してください`,
    messageEn: `No indicator could be read (found instead: ${found}); check that the table has a header row naming the indicator, baseline and target`,
    place: first
      ? { file: first.file, sheet: first.sheet, row: first.from }
      : sheets[0]
        ? { file: sheets[0].file, sheet: sheets[0].sheet }
        : null,
    hint: '取込画面で見出し行と列の役割を指定するか、テンプレートを使ってください / choose the header row and column roles in the import wizard, or use a template',
  };
}

function rowKey(file: string, sheet: string | null | undefined, row: number): string {
  return `${file}\u0000${sheet ?? ''}\u0000${row}`;
}

/**
 * Rows whose cells went into narrative text: rows named by a narrative's provenance (document,
 * goals, measures, projects) and the rows of tables read as narrative.
 */
function narrativeRowKeys(ctx: Ctx, doc: StrategyDocument): Set<string> {
  const out = new Set<string>();
  const add = (list: { provenance?: { file: string; sheet?: string | null; row: number } }[] | undefined) => {
    for (const n of list ?? [])
      if (n.provenance) out.add(rowKey(n.provenance.file, n.provenance.sheet, n.provenance.row));
  };
  add(doc.narratives);
  for (const g of doc.goals) add(g.narratives);
  for (const m of doc.measures) add(m.narratives);
  for (const p of doc.projects) add(p.narratives);
  for (const t of ctx.tables)
    if (t.kind === 'narrative')
      for (let r = t.firstRow; r <= t.lastRow; r++) out.add(rowKey(t.file, t.sheet, r));
  return out;
}
