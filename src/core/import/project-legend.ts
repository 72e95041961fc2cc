import type { Ctx, SheetRow } from './context.ts';
import { ensureGoal, ensureTag } from './entities.ts';
import { noteUnmapped, readAs } from './ledger.ts';
import { type Column, groupKey, type Schema } from './segment.ts';

/**
 * Reads enumerations such as `1:産業振興により… 2:地域資源を…` into number → name.
 *
 * @example readEnumeration('1:住民の愛着心の深化 2:認知度の上昇') // Map { '1' => '住民の愛着心の深化', '2' => '認知度の上昇' }
 */
export function readEnumeration(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const t = text.normalize('NFKC');
  const re = /(?:^|\s)(\d{1,2})\s*[:.]\s*/gu;
  const hits: { n: string; start: number; end: number }[] = [];
  for (let m = re.exec(t); m; m = re.exec(t))
    hits.push({ n: m[1]!, start: m.index, end: m.index + m[0].length });
  hits.forEach((h, k) => {
    const next = hits[k + 1];
    const name = t.slice(h.end, next ? next.start : undefined).trim();
    if (name) out.set(h.n, name);
  });
  return out;
}

/** True when most data cells of a table are enumerations (a legend of tag numbers). */
export function isLegend(rows: SheetRow[]): boolean {
  if (rows.length > 3) return false;
  const cells = rows.flatMap((r) => r.cells);
  if (cells.length === 0) return false;
  return cells.filter((c) => readEnumeration(c.text).size >= 2).length >= Math.ceil(cells.length / 2);
}

/** Stores a legend: each header's enumeration. */
export function buildLegend(ctx: Ctx, schema: Schema, rows: SheetRow[]): void {
  for (const row of rows) {
    for (const cell of row.cells) {
      const col = [...schema.columns].reverse().find((c) => c.col <= cell.col) ?? schema.columns[0];
      const header = schema.rows[0]!.cells.find((h) => h.col === col?.col)?.text ?? col?.header ?? '';
      const en = readEnumeration(cell.text);
      if (en.size > 0) {
        ctx.legends.set(groupKey(header), en);
        if (col?.field === 'goal')
          for (const [n, name] of en) ensureGoal(ctx, `${n} ${name}`, cell.row, cell.col, n);
        else ensureTag(ctx, header, null);
        for (const [n, name] of en) if (col?.field !== 'goal') ensureTag(ctx, header, n, name);
        readAs(ctx, cell, `legend of ${header}`);
      } else noteUnmapped(ctx, cell, 'legend cell without numbered items');
    }
  }
}

function legendName(ctx: Ctx, group: string, tag: string): string | null {
  const k = groupKey(group);
  for (const [lk, en] of ctx.legends) {
    if (lk === k || lk.endsWith(k) || k.endsWith(lk)) {
      const n = en.get(tag);
      if (n) return n;
    }
  }
  return null;
}

/** `legendName` of a tag column, remembered in `cache` for the table being read. */
export function columnLegend(
  ctx: Ctx,
  cache: Map<Column, string | null>,
  col: Column,
  group: string,
  tag: string,
): string | null {
  let name = cache.get(col);
  if (name === undefined) {
    name = legendName(ctx, group, tag);
    cache.set(col, name);
  }
  return name;
}
