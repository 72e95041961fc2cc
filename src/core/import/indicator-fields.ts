/**
 * The other cells of an indicator row: reported status, departments, commentary (split ①②③),
 * definition and notes.
 */

import type { Commentary, Indicator, ReportedStatus } from '../interchange.ts';
import { type Ctx, provenance, type SheetCell } from './context.ts';
import { addDepartments } from './department-cells.ts';
import { markMapped, readAs } from './ledger.ts';
import type { Column } from './segment.ts';
import { normalizeLabel } from './text.ts';

export function applyOther(ctx: Ctx, ind: Indicator, c: Column, cell: SheetCell, cols: Column[]): void {
  const prov = provenance(ctx, cell.row, cell.col);
  switch (c.field) {
    case 'status': {
      const latestActual = cols
        .filter((k) => k.field === 'actual' && k.year != null)
        .reduce<number | null>((m, k) => (m == null || (k.year ?? 0) > m ? k.year : m), null);
      const status: ReportedStatus = {
        label: normalizeLabel(cell.text),
        fiscalYear: c.year ?? latestActual,
        date: c.date,
        raw: cell.raw,
        provenance: prov,
      };
      if (ind.reportedStatus)
        ind.reportedStatuses = [...(ind.reportedStatuses ?? [ind.reportedStatus]), status];
      ind.reportedStatus = status;
      break;
    }
    case 'department':
    case 'bodies':
      addDepartments(ctx, ind, cell);
      return;
    case 'commentary': {
      const commentary = splitCommentary(cell.text, c.year, prov);
      ind.commentary = [...(ind.commentary ?? []), commentary];
      if (commentary.text !== cell.text) {
        readAs(ctx, cell, 'commentary (split ①②③)');
        return;
      }
      break;
    }
    case 'definition':
      ind.definition = ind.definition ? `${ind.definition}\n${cell.text}` : cell.text;
      break;
    case 'other':
      ind.notes = [...(ind.notes ?? []), `${c.header}: ${cell.text}`];
      break;
    default:
      ind.notes = [...(ind.notes ?? []), cell.text];
  }
  markMapped(ctx, cell);
}

/**
 * Splits a commentary cell written as ①関連事業実施状況 ②課題 ③今後の方策 into its parts; text
 * without those marks stays whole.
 *
 * @example splitCommentary('①なし ②減少の可能性 ③連携', 2021).issues // '減少の可能性'
 */
export function splitCommentary(
  text: string,
  fiscalYear: number | null,
  prov?: Commentary['provenance'],
): Commentary {
  const out: Commentary = { fiscalYear };
  if (prov) out.provenance = prov;
  const i1 = text.indexOf('①');
  const i2 = text.indexOf('②');
  const i3 = text.indexOf('③');
  if (i1 >= 0 && i2 > i1 && (i3 < 0 || i3 > i2)) {
    out.progress = text.slice(i1 + 1, i2).trim();
    out.issues = text.slice(i2 + 1, i3 > 0 ? i3 : undefined).trim();
    if (i3 > 0) out.nextSteps = text.slice(i3 + 1).trim();
    const before = text.slice(0, i1).trim();
    if (before) out.text = before;
  } else out.text = text;
  return out;
}
