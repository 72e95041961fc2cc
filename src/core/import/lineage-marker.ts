/**
 * Lineage markers written in the cells of a period review (削除, 2(4)から移動, 2(1)へ移動, 新規):
 * read from a cell's text, remembered for the run (lineage.ts links the indicators at the end).
 */

import type { Ctx, LineageMarker } from './context.ts';

/**
 * Reads a lineage marker at the start of a cell.
 *
 * @example lineageMarker('2(4)から移動 空き家バンク登録物件数') // { change: 'moved_from', code: '2(4)', rest: '空き家バンク登録物件数', ... }
 * @example lineageMarker('削除') // { change: 'deleted', raw: '削除', code: null, rest: '' }
 */
export function lineageMarker(text: string): LineageMarker | null {
  const t = text.normalize('NFKC').trim();
  const moved = /^(\d+(?:[-.]\d+)*(?:\(\d+\))?)\s*(から|より)(一部)?移動\s*(.*)$/su.exec(t);
  if (moved)
    return {
      change: 'moved_from',
      raw: t.slice(0, t.length - moved[4]!.length).trim(),
      code: moved[1]!,
      rest: moved[4]!.trim(),
    };
  const to = /^(\d+(?:[-.]\d+)*(?:\(\d+\))?)\s*へ(一部)?移動\s*(.*)$/su.exec(t);
  if (to)
    return {
      change: 'moved_to',
      raw: t.slice(0, t.length - to[3]!.length).trim(),
      code: to[1]!,
      rest: to[3]!.trim(),
    };
  if (/^(削除|削減|廃止|終了)$/u.test(t)) return { change: 'deleted', raw: t, code: null, rest: '' };
  if (/^新規$/u.test(t)) return { change: 'new', raw: t, code: null, rest: '' };
  return null;
}

/** `lineageMarker(text)`, remembered for the run (markers are read, never changed). */
export function markerOf(ctx: Ctx, text: string): LineageMarker | null {
  let mk = ctx.markers.get(text);
  if (mk === undefined) {
    mk = lineageMarker(text) ?? false;
    ctx.markers.set(text, mk);
  }
  return mk || null;
}
