import { describe, expect, it } from 'vitest';
import type { SheetRow } from './context.ts';
import { strayRow } from './stray-rows.ts';

const row = (...texts: string[]): SheetRow => ({
  row: 5,
  cells: texts.map((t, i) => ({ row: 5, col: i + 1, raw: t, text: t })),
});

describe('strayRow', () => {
  it('reads page numbers, footnotes and bullets alone on their row', () => {
    for (const t of ['- 3 -', '－12－', '3/12', 'P.4', '（5）'])
      expect(strayRow(row(t)), t).toBe('page number');
    for (const t of ['※1 実績値は年度末', '注）速報値', '出典：市統計書'])
      expect(strayRow(row(t)), t).toBe('footnote');
    for (const t of ['・相談会を開催した。', '① 研修を行った。', '◆窓口を設けた'])
      expect(strayRow(row(t)), t).toBe('bullet');
  });
  it('reads budget lines of numbers, never an indicator row', () => {
    expect(strayRow(row('予算額（千円）', '1,200', '1,300'))).toBe('budget line');
    expect(strayRow(row('県支出金', '500', '△20'))).toBe('budget line');
    expect(strayRow(row('一般財源', '700'))).toBe('budget line');
    expect(strayRow(row('移住者数', '120人', '150人'))).toBeNull();
    expect(strayRow(row('予算額', '1,200人'))).toBeNull();
    expect(strayRow(row('移住者数'))).toBeNull();
    expect(strayRow(row('123'))).toBeNull();
  });
});
