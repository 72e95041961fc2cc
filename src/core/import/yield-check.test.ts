import { describe, expect, it } from 'vitest';
import type { GridWorkbook } from './grid.ts';
import { recognize } from './recognize.ts';

function grid(rows: (string | null)[][]): GridWorkbook {
  return {
    sheets: [
      { file: 't.csv', name: null, merges: [], rows: rows.map((cells, i) => ({ row: i + 1, cells })) },
    ],
    encodings: {},
  };
}

describe('an honest report', () => {
  it('ends an import without indicators with an error naming what was found instead', () => {
    const res = recognize(
      grid([
        ['区分', 'ア', 'イ', 'ウ'],
        ['北地区', '1,200', '1,300', '1,400'],
        ['南地区', '900', '950', '1,010'],
        ['東地区', '400', '420', '433'],
        ['・相談会を開催した。'],
      ]),
    );
    expect(res.document.indicators).toHaveLength(0);
    const error = res.issues.find((i) => i.code === 'NO_INDICATORS');
    expect(error?.severity).toBe('error');
    expect(error?.messageEn).toMatch(/rows with figures 3/);
    expect(error?.messageEn).toMatch(/table-like rows 2–4/);
    expect(error?.place).toMatchObject({ file: 't.csv', row: 2 });
    const region = res.report.warnings.find((w) => w.code === 'TABLE_NOT_READ');
    expect(region?.place).toMatchObject({ row: 2 });
    expect(res.report.coverage).toMatchObject({ figureRows: 3, figureRowsRead: 0 });
    expect(res.report.coverage.dataRatio).toBe(0);
  });
  it('says so when fewer indicators come out than rows carry figures', () => {
    const res = recognize(
      grid([
        ['北地区', '1,200', '1,300', '1,400'],
        ['南地区', '900', '950', '1,010'],
        ['東地区', '400', '420', '433'],
        ['指標名', '基準値', '目標値'],
        ['移住者数', '120人', '150人'],
        ['創業件数', '12件', '20件'],
      ]),
    );
    expect(res.document.indicators.map((i) => i.name)).toEqual(['移住者数', '創業件数']);
    expect(res.issues.some((i) => i.code === 'NO_INDICATORS')).toBe(false);
    const fewer = res.report.warnings.find((w) => w.code === 'FEWER_INDICATORS_THAN_ROWS');
    expect(fewer?.messageEn).toMatch(/5 rows carry figures but 2 indicators/);
  });
  it('keeps quiet when every figure row was read', () => {
    const res = recognize(
      grid([
        ['指標名', '基準値', '目標値'],
        ['移住者数', '120人', '150人'],
      ]),
    );
    expect(res.report.warnings.map((w) => w.code)).not.toContain('FEWER_INDICATORS_THAN_ROWS');
    expect(res.report.coverage).toMatchObject({ figureRows: 1, figureRowsRead: 1, narrativeCells: 0 });
  });
});
