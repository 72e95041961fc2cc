/**
 * The figures of a KPI row: baseline, target (later targets make the earlier ones milestones) and
 * actuals, each dated by its column or by the row's own year cells; and the figures of a record
 * written over two lines (stacked-records.ts).
 */

import { splitPair, toFigure } from '../figure.ts';
import type { Figure, Indicator } from '../interchange.ts';
import { type Ctx, place, provenance, type SheetCell } from './context.ts';
import { applyOther } from './indicator-fields.ts';
import { NO_ROW_INFO, type RowInfo } from './kpi-row-fields.ts';
import { markMapped, readAs } from './ledger.ts';
import { kindOf } from './memo.ts';
import type { Column } from './segment.ts';
import type { RecordLabel, RecordValue } from './stacked-records.ts';

export function hasFigure(ind: Indicator, c: Column): boolean {
  if (c.field === 'baseline') return !!ind.baseline;
  if (c.field === 'target') return !!ind.target;
  return ind.actuals.some((a) => a.fiscalYear === c.year && c.year != null);
}

export function applyFigure(ctx: Ctx, ind: Indicator, c: Column, cell: SheetCell, info: RowInfo): void {
  if (kindOf(ctx.memo, cell.text) === 'dash' && c.field === 'actual') {
    // Not measured (yet): no figure; the report says what the dash was read as.
    readAs(ctx, cell, 'no value');
    return;
  }
  const pair = c.pair ? splitPair(cell.text) : null;
  if (pair) {
    // Baseline and target in one cell (`H27年度現在 127件 / H31年度予測 144件`).
    const prov = provenance(ctx, cell.row, cell.col);
    ind.baseline = toFigure(
      pair[0],
      { year: info.baselineYear, basis: info.basis ?? 'fiscal' },
      prov,
      info.unit ?? c.unit ?? null,
    );
    setTarget(
      ind,
      toFigure(
        pair[1],
        { year: info.targetYear, basis: info.basis ?? 'fiscal' },
        prov,
        info.unit ?? c.unit ?? null,
      ),
    );
    readAs(ctx, cell, 'baseline and target');
    return;
  }
  // A header range (`目標(H27~H31)`, `基準値(H22~26)`) dates a baseline or target at its end.
  const headerYear = c.field === 'actual' ? c.year : (c.yearTo ?? c.year);
  const year =
    (c.field === 'baseline' ? info.baselineYear : c.field === 'target' ? info.targetYear : info.year) ??
    headerYear;
  const basis = (c.year == null ? info.basis : null) ?? c.basis;
  const fig = toFigure(
    cell.text,
    { year, basis },
    provenance(ctx, cell.row, cell.col),
    info.unit ?? c.unit ?? null,
  );
  if (fig.parsed?.kind === 'text')
    ctx.warnings.push({
      code: 'FIGURE_NOT_NUMERIC',
      severity: 'info',
      message: `「${cell.text.slice(0, 40)}」は数値として読めないため、原文のまま保持しました。数値なら書き方を確認してください`,
      messageEn:
        'A figure that does not read as a number was kept as written; check it if it should be a number',
      place: place(ctx, cell.row, cell.col, c.field),
      hint: null,
    });
  if (c.field === 'baseline') ind.baseline = fig;
  else if (c.field === 'target') setTarget(ind, fig);
  else {
    const same = ind.actuals.findIndex((a) => a.fiscalYear === fig.fiscalYear && a.raw === fig.raw);
    if (same < 0) ind.actuals.push(fig);
  }
  markMapped(ctx, cell);
}

/**
 * Sets the target; with targets for several years (目標値 over R5 R6), the latest is the target
 * and the earlier ones are milestones on the way.
 */
function setTarget(ind: Indicator, fig: Figure): void {
  const old = ind.target;
  if (!old || old.fiscalYear == null || fig.fiscalYear == null || old.fiscalYear === fig.fiscalYear) {
    ind.target = fig;
    return;
  }
  const [early, late] = old.fiscalYear < fig.fiscalYear ? [old, fig] : [fig, old];
  ind.target = late;
  ind.milestones = [...(ind.milestones ?? []), early].sort(
    (a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0),
  );
}

/** Gives a record's figures (stacked-records.ts) to its indicator, each as its column would. */
export function applyRecord(ctx: Ctx, ind: Indicator, labels: RecordLabel[], values: RecordValue[]): void {
  const column = (field: RecordValue['field'], year: number | null): Column => {
    const label = labels.find((l) => l.field === field);
    const y = year ?? label?.year ?? null;
    return {
      col: label?.cell.col ?? 0,
      field,
      type: field === 'status' ? 'status' : field === 'department' ? 'dept' : 'figure',
      header: label?.cell.text ?? field,
      headerCell: label?.cell ?? null,
      year: y,
      yearTo: y,
      date: null,
      basis: 'fiscal',
      generation: null,
    };
  };
  const cols = values.filter((v) => v.field === 'actual').map((v) => column('actual', v.year));
  for (const v of values) {
    const c = column(v.field, v.year);
    if (v.field === 'status' || v.field === 'department') applyOther(ctx, ind, c, v.cell, cols);
    else applyFigure(ctx, ind, c, v.cell, NO_ROW_INFO);
  }
  if (!ind.unit) {
    const u = ind.target?.unit ?? ind.baseline?.unit ?? ind.actuals.find((a) => a.unit)?.unit;
    if (u) ind.unit = u;
  }
}
