/**
 * Text outside tables and narrative blocks: document titles and Markdown-ish headings (the
 * municipality, the strategy period), section lines (基本目標1 ..., 施策大項目2(1) ...), and
 * narrative tables (施策の概要, 主な取組, 総括, デジタル活用) attached to the measure or project
 * they belong to.
 */
import { alignCells, alignRow } from './align.ts';
import { roleWord } from './column-roles.ts';
import type { Ctx, SheetRow } from './context.ts';
import {
  addNarrative,
  currentOwner,
  ensureGoal,
  ensureMeasure,
  ensureStrategy,
  splitCode,
} from './entities.ts';
import { readGeneration, readHeaderYear } from './header-year.ts';
import { markMapped, readAs } from './ledger.ts';
import { alignAroundLost } from './lost-label.ts';
import { headerOf } from './memo.ts';
import { narrativeColumns } from './narrative-columns.ts';
import { readSection } from './section.ts';
import { headingLevel, headingText, type Schema } from './segment.ts';

const MUNICIPALITY =
  /([\u3007\u4e00-\u9fff\u30a0-\u30ff\u3041-\u3096]{1,10}?[都道府県]?[\u3007\u4e00-\u9fff\u30a0-\u30ff]{0,8}?[市区町村])(?:まち・ひと・しごと創生|地方創生|創生)?(?:総合戦略|人口ビジョン)/u;

/**
 * Reads the municipality named in a title (`…市/町/村 + 総合戦略`), without any era or generation
 * words before it.
 *
 * @example municipalityOf('第2期〇〇市まち・ひと・しごと創生総合戦略') // '〇〇市'
 */
export function municipalityOf(title: string): string | null {
  const t = title.normalize('NFKC').replace(/\s+/g, '');
  const m = MUNICIPALITY.exec(t);
  if (!m) return null;
  let name = m[1]!;
  name = name.replace(/^.*?(第\d+期|期)/u, '').replace(/^(の|に係る|における)/u, '');
  // Date words before the name (`令和5年度みどり野市`, `令和元年度…`, `3月改訂…`): not the name.
  name = name.replace(/^(?:(?:令和|平成|昭和)?元?(?:年度|年|月|日)+(?:改訂|改定|策定)?版?)+/u, '');
  if (name.length < 2 || /総合戦略/u.test(name)) return null;
  return name;
}

/**
 * Handles a row outside any table: heading, section line, `No. N` line or narrative text.
 * Every cell is mapped (as title, section or narrative).
 */
export function handleFreeRow(ctx: Ctx, row: SheetRow): void {
  const first = row.cells[0]!;
  const level = headingLevel(row);
  const text = level ? headingText(first.text) : first.text.replace(/\*\*/g, '').trim();
  markMapped(ctx, ...row.cells);
  // Title: the first heading or line that names a strategy.
  if (ctx.narratives.length === 0 && ctx.strategies.length === 0 && /総合戦略|戦略|KPI|指標/u.test(text)) {
    readTitle(ctx, text);
  } else if (/総合戦略/u.test(text) && !ctx.municipality) {
    const m = municipalityOf(text);
    if (m) ctx.municipality = m;
  }
  if (level) {
    ctx.current.headings = ctx.current.headings.slice(0, level - 1);
    ctx.current.headings[level - 1] = text;
    if (level <= 3) {
      ctx.current.projectId = null;
    }
  }
  const section = row.cells.length <= 3 ? readSection(text) : null;
  if (section?.field === 'goal') {
    // The name follows the code, or sits in the next cell when the code is followed by a short
    // label only (基本目標1 基本的方向 | name and direction).
    const own = section.rest;
    const next = row.cells.slice(1).map((c) => c.text);
    const rest = (own.length <= 6 && next.length > 0 ? next : [own, ...next]).filter(Boolean);
    const named = rest.find((r) => (headerOf(ctx.memo, r)?.score ?? 0) < 0.9) ?? '';
    const { name, description } = splitSectionText(named);
    const g = ensureGoal(ctx, `${section.code} ${name}`.trim(), row.row, first.col, section.code);
    if (name && (!g.name || g.name === g.code)) g.name = name;
    readAs(ctx, first, `goal ${g.id}`);
    if (description && !g.description) g.description = description;
    ctx.current.goalId = g.id;
    ctx.current.parentMeasureId = null;
    ctx.current.measureId = null;
    ctx.current.projectId = null;
    return;
  }
  if (section?.field === 'measure') {
    const rest = [section.rest, ...row.cells.slice(1).map((c) => c.text)].filter(Boolean).join(' ');
    const { name, description } = splitSectionText(rest);
    const code = section.code;
    const m = ensureMeasure(ctx, `${code} ${name}`, row.row, first.col, ctx.current.goalId, null);
    m.code = code;
    if (description && !m.summary) m.summary = description;
    readAs(ctx, first, `measure ${m.id}`);
    ctx.current.parentMeasureId = m.id;
    ctx.current.measureId = m.id;
    ctx.current.projectId = null;
    return;
  }
  // A title line naming the role of the indicators listed below it (■数値目標, 【KPI】).
  const role =
    row.cells.length === 1
      ? roleWord(text.replace(/^[■□◆◇●○◎【[［〔<＜《\s]+|[】\]］〕>＞》\s]+$/gu, ''), ctx.memo)
      : null;
  if (role) ctx.current.role = role;
  const no = /^No\.?\s*([0-9]+)$/iu.exec(text.normalize('NFKC'));
  if (no) {
    ctx.current.pendingNo = no[1]!;
    return;
  }
  const year = readHeaderYear(text);
  if (!ctx.strategies.some((s) => s.period) && year?.year != null && year.to != null && year.to > year.year) {
    const s = ensureStrategy(ctx, ctx.titleGeneration);
    s.period = { from: year.year, to: year.to };
  }
  const body = row.cells.map((c) => c.text).join('\n');
  const owner = level ? null : currentOwner(ctx);
  addNarrative(ctx, owner, {
    kind: level ? 'heading' : row.cells.length > 1 ? 'text' : 'paragraph',
    title: level ? null : (ctx.current.headings[ctx.current.headings.length - 1] ?? null),
    text: level ? text : body,
    provenance: { file: ctx.sheet.file, sheet: ctx.sheet.sheet, row: row.row, column: first.col },
  });
}

function splitSectionText(text: string): { name: string; description: string | null } {
  const t = text.trim();
  // A name is the first phrase; a long remainder is the description (基本的方向).
  const m = /^(\S{2,40}?)\s+(.{20,})$/su.exec(t);
  if (m) return { name: m[1]!, description: m[2]! };
  return { name: t, description: null };
}

/**
 * The strategy a document title names: the title up to the end of its strategy word, without
 * what the document is about it (`…総合戦略の策定に係る調査表` → `…総合戦略`); a title that
 * names no strategy (`重要業績評価指標の進捗状況`) gives `総合戦略` with the title's period.
 *
 * @example strategyTitle('第3期〇〇市総合戦略の策定に係る調査表') // '第3期〇〇市総合戦略'
 * @example strategyTitle('第2期 総合戦略 KPI 一覧') // '第2期総合戦略'
 * @example strategyTitle('第2期 KPIの進捗状況', 2) // '第2期総合戦略'
 */
export function strategyTitle(text: string, generation: number | null = null): string {
  const t = text.replace(/\s+/g, '');
  const m = /^(.*戦略[」』】]?)(.*)$/u.exec(t);
  if (!m) return `${generation != null ? `第${generation}期` : ''}総合戦略`;
  if (!m[2]) return t;
  // Keep a bracketed edition or period right after the name (（改訂版）, (R7-11)).
  const rest = /^[(（][^)）]{1,12}[)）]/u.exec(m[2]);
  return rest && !/調査|評価|検証|一覧|資料/u.test(rest[0]) ? `${m[1]}${rest[0]}` : m[1]!;
}

function readTitle(ctx: Ctx, text: string): void {
  const gen = readGeneration(text);
  ctx.titleGeneration = gen;
  const s = ensureStrategy(ctx, gen, strategyTitle(text, gen));
  s.name = strategyTitle(text, gen);
  const m = municipalityOf(text);
  if (m) ctx.municipality = m;
}

/**
 * Builds narratives from a narrative table (【具体的な施策】 | 【施策の概要】 | 【主な取組】 | 【総括】):
 * the measure column names the measure; the other cells become its narratives; cells beyond the
 * header's columns are kept as text of the same measure. A column headed by a period's name holds
 * that period's texts (the finished period's review, the next period's texts; see
 * `narrativeColumns`). A column whose label the header lost takes the cells the rows hold in its
 * place (see `alignAroundLost`).
 */
export function buildNarrativeRows(ctx: Ctx, schema: Schema, rows: SheetRow[]): void {
  const known = [ctx.titleGeneration, ...ctx.strategies.map((s) => s.generation)].filter(
    (g): g is number => g != null,
  );
  const columns = narrativeColumns(schema, known);
  for (const row of rows) {
    const cells = row.cells;
    if (schema.vertical && cells.length === 1) {
      // Values listed one per line under a vertical header: kept as text of the current owner.
      addNarrative(ctx, currentOwner(ctx), {
        kind: 'text',
        title: null,
        text: cells[0]!.text,
        provenance: { file: ctx.sheet.file, sheet: ctx.sheet.sheet, row: row.row, column: cells[0]!.col },
      });
      markMapped(ctx, cells[0]!);
      continue;
    }
    const aligned = schema.vertical ? [] : alignCells(ctx.memo, cells);
    const assign = schema.vertical
      ? cells.map((_, i) => (i < columns.length ? i : -1))
      : (alignAroundLost(aligned, columns) ??
        alignRow(
          aligned,
          columns.map((c) => ({ col: c.col, type: c.type })),
        ));
    let owner = currentOwner(ctx);
    let measureIndex = cells.findIndex((_, i) => {
      const col = columns[assign[i]!];
      return col && (col.field === 'measure' || col.field === 'projectName');
    });
    // The measure's name written on the first line of the first cell (①企業誘致の推進 + its summary).
    const firstLine = cells[0]?.text.split('\n')[0] ?? '';
    if (
      measureIndex < 0 &&
      columns.some((c) => c.field === 'measure') &&
      /^(?:【)?[(（]?[①-⑳0-9０-９]{1,2}[)）]?/u.test(firstLine) &&
      firstLine.length <= 40
    )
      measureIndex = 0;
    if (measureIndex >= 0 && !ctx.current.projectId) {
      const cell = cells[measureIndex]!;
      const { code, name } = splitCode(cell.text.split('\n')[0]!.replace(/^【(.*)】$/u, '$1'));
      const m = ensureMeasure(
        ctx,
        `${code ?? ''} ${name}`.trim(),
        cell.row,
        cell.col,
        ctx.current.goalId,
        ctx.current.parentMeasureId,
      );
      const more = cell.text.split('\n').slice(1).join('\n').trim();
      if (more && !m.summary) m.summary = more;
      owner = { type: 'measure', id: m.id };
      markMapped(ctx, cell);
    }
    cells.forEach((cell, i) => {
      if (i === measureIndex) return;
      const col = assign[i]! >= 0 ? columns[assign[i]!] : undefined;
      addNarrative(ctx, owner, {
        kind: col ? (col.kind ?? col.field) : 'text',
        title: col ? col.header : null,
        text: cell.text,
        fiscalYear: col?.year ?? null,
        strategyId: col?.generation != null ? ensureStrategy(ctx, col.generation).id : null,
        provenance: { file: ctx.sheet.file, sheet: ctx.sheet.sheet, row: cell.row, column: cell.col },
      });
      markMapped(ctx, cell);
    });
  }
}
