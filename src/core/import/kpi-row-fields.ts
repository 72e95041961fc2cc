/**
 * The row's own qualifiers in a KPI table: the indicator's role (区分), its unit, and the years of
 * its baseline, target and actuals, read before the figures they qualify and accounted for on
 * the indicator afterwards.
 */

import type { Indicator } from '../interchange.ts';
import { roleWord } from './column-roles.ts';
import type { Ctx, SheetCell } from './context.ts';
import { readHeaderYear } from './header-year.ts';
import { ROW_FIELDS } from './kpi-plan.ts';
import { markMapped, readAs } from './ledger.ts';
import { kindOf } from './memo.ts';
import type { Column } from './segment.ts';

/** What a row says about its own figures: role, unit, and the years of baseline, target and actuals. */
export interface RowInfo {
  role: Indicator['role'] | null;
  unit: string | null;
  baselineYear: number | null;
  targetYear: number | null;
  year: number | null;
  basis: 'fiscal' | 'calendar' | null;
  cells: { cell: SheetCell; as: string }[];
}

export const NO_ROW_INFO: RowInfo = {
  role: null,
  unit: null,
  baselineYear: null,
  targetYear: null,
  year: null,
  basis: null,
  cells: [],
};

/** Reads the role, unit and year columns of a row (before its figures, which they qualify). */
export function readRowFields(ctx: Ctx, half: Column[], byCol: Map<Column, SheetCell>): RowInfo {
  let info: RowInfo | null = null;
  for (const c of half) {
    if (!ROW_FIELDS.has(c.field)) continue;
    const cell = byCol.get(c);
    if (!cell) continue;
    info ??= { ...NO_ROW_INFO, cells: [] };
    const text = cell.text.normalize('NFKC').trim();
    if (c.field === 'role') {
      const role = roleWord(text, ctx.memo);
      if (role) {
        info.role = role;
        info.cells.push({ cell, as: `role ${role}` });
      } else info.cells.push({ cell, as: '' });
    } else if (c.field === 'unit') {
      if (kindOf(ctx.memo, text) === 'dash') info.cells.push({ cell, as: 'no unit' });
      else {
        info.unit = text;
        info.cells.push({ cell, as: '' });
      }
    } else {
      const y = readHeaderYear(text);
      if (y?.year != null) {
        const year = y.to ?? y.year;
        if (c.field === 'baselineYear') info.baselineYear = year;
        else if (c.field === 'targetYear') info.targetYear = year;
        else info.year = year;
        info.basis = y.basis;
        info.cells.push({ cell, as: `${c.field} ${year}` });
      } else info.cells.push({ cell, as: '' });
    }
  }
  return info ?? NO_ROW_INFO;
}

/** Accounts for the row's role, unit and year cells on the indicator they qualify. */
export function applyRowFields(ctx: Ctx, ind: Indicator, info: RowInfo): void {
  for (const { cell, as } of info.cells) {
    if (as) {
      readAs(ctx, cell, as);
      continue;
    }
    // A unit as written (`万人` gives plain numbers their scale); other words kept as notes.
    if (info.unit != null && cell.text.normalize('NFKC').trim() === info.unit) {
      const figureUnit =
        ind.target?.unit ?? ind.baseline?.unit ?? ind.actuals.find((a) => a.unit)?.unit ?? null;
      ind.unit = figureUnit ?? info.unit;
      if (ind.unit === cell.text) markMapped(ctx, cell);
      else readAs(ctx, cell, `unit ${ind.unit}`);
    } else {
      ind.notes = [...(ind.notes ?? []), cell.text];
      markMapped(ctx, cell);
    }
  }
}
