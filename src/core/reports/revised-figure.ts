import type { Indicator } from '../interchange.ts';
import type { ReportContext } from './report-context.ts';
import { figureCell, formatJapaneseDate, type ReportCell } from './report-model.ts';

/**
 * The target or baseline cell of an indicator in a report, marked when it was revised (変更 with
 * the date, as the cities print it): the figure in force for the year reported, `（変更 令和7年6月1日）`
 * after a revision in force that year, or the figure before a revision that takes effect later
 * with that revision named.
 *
 * @example revisedFigureCell(ctx, ind, 'target') // { text: '1,650件（変更 令和7年6月1日）', value: 1650 }
 */
export function revisedFigureCell(
  ctx: ReportContext,
  ind: Indicator,
  kind: 'target' | 'baseline',
): ReportCell {
  const i = ctx.indexOf.get(ind.id);
  const revisions =
    i === undefined || i >= ctx.evaluation.length
      ? []
      : ctx.evaluation.revisionsAt(i).filter((r) => r.kind === kind);
  const cell = figureCell(ind[kind], ind.unit);
  if (!revisions.length) return cell;
  const applied = revisions.find((r) => r.state === 'applied');
  if (applied) return { ...cell, text: `${cell.text}（変更 ${formatJapaneseDate(applied.date)}）` };
  const later = revisions[0]!;
  const before = later.previous;
  const text = before?.raw ?? (before?.value != null ? String(before.value) : '');
  return {
    text: `${text}（${formatJapaneseDate(later.date)}変更: ${later.effectiveYear}年度から ${later.raw ?? later.value ?? ''}）`,
    value: before?.value ?? null,
    raw: null,
  };
}
