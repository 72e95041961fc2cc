import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ColumnOverride, IGNORED_REASON, OVERRIDE_FIELDS } from './column-overrides.ts';
import { type RecognizeOptions, recognize } from './recognize.ts';

const FILE = 'kpi.csv';

function run(options: RecognizeOptions = {}) {
  return recognize(
    {
      sheets: [
        {
          file: FILE,
          name: null,
          merges: [],
          rows: [
            { row: 1, cells: ['指標名', '基準値', '目標値', '調査値', '担当'] },
            { row: 2, cells: ['観光客数', '120人', '150人', '130人', '観光課'] },
            { row: 3, cells: ['移住者数', '10人', '20人', '12人', '企画課'] },
          ],
        },
      ],
      encodings: {},
    },
    options,
  );
}

const at = (
  column: number,
  field: ColumnOverride['field'],
  more: Partial<ColumnOverride> = {},
): ColumnOverride => ({
  file: FILE,
  sheet: null,
  table: 0,
  column,
  field,
  ...more,
});

describe('column overrides', () => {
  it('changes the document when a wrongly recognized column is corrected', () => {
    const before = run();
    expect(before.report.tables[0]!.columns[3]!.field).toBe('other');
    expect(before.document.indicators.map((i) => i.actuals.length)).toEqual([0, 0]);
    const after = run({ columnOverrides: [at(4, 'actual', { fiscalYear: 2021 })] });
    expect(after.report.tables[0]!.columns[3]).toMatchObject({
      field: 'actual',
      year: 2021,
      overridden: true,
    });
    expect(after.document.indicators.map((i) => i.actuals.map((a) => [a.value, a.fiscalYear]))).toEqual([
      [[130, 2021]],
      [[12, 2021]],
    ]);
    expect(after.report.counts.figures).toBe(before.report.counts.figures + 2);
    expect(after.document.indicators[0]!.notes ?? []).toEqual([]);
  });

  it('finds the table by its first row as well as by its position', () => {
    const byRow = run({ columnOverrides: [at(4, 'actual', { table: { firstRow: 1 }, fiscalYear: 2022 })] });
    expect(byRow.document.indicators[0]!.actuals[0]!.fiscalYear).toBe(2022);
    expect(byRow.report.warnings.filter((w) => w.code.startsWith('COLUMN_OVERRIDE'))).toEqual([]);
  });

  it('lists the cells of an ignored column as unmapped, never dropping them', () => {
    const r = run({ columnOverrides: [at(5, 'ignore')] });
    expect(r.report.tables[0]!.columns[4]).toMatchObject({ field: 'ignore', overridden: true });
    expect(r.document.indicators.every((i) => (i.departments ?? []).length === 0)).toBe(true);
    expect(r.document.unmapped.map((u) => [u.row, u.column, u.raw, u.reason])).toEqual([
      [2, 5, '観光課', IGNORED_REASON],
      [3, 5, '企画課', IGNORED_REASON],
    ]);
    expect(r.report.coverage).toMatchObject({ mappedCells: 13, nonEmptyCells: 15 });
  });

  it('warns with the place, and does not throw, for a missing table or column', () => {
    const r = run({
      columnOverrides: [at(9, 'note'), at(2, 'note', { table: 7 }), at(2, 'note', { sheet: 'x' })],
    });
    const w = r.report.warnings.filter((x) => x.code === 'COLUMN_OVERRIDE_UNMATCHED');
    expect(w.map((x) => x.place)).toEqual([
      { file: FILE, sheet: null, row: 1, column: 9, field: 'columnOverrides[0]' },
      { file: FILE, sheet: null, row: null, column: 2, field: 'columnOverrides[1].table' },
      { file: FILE, sheet: 'x', row: null, column: 2, field: 'columnOverrides[2].table' },
    ]);
    for (const x of w) expect(x.message.length * x.messageEn.length).toBeGreaterThan(0);
    // Nothing was applied: the document is as without overrides.
    expect(r.document.indicators).toEqual(run().document.indicators);
  });

  it('warns about an invalid override instead of applying it', () => {
    const bad = { ...at(2, 'note'), field: 'nonsense' } as unknown as ColumnOverride;
    const r = run({ columnOverrides: [bad] });
    expect(r.report.warnings.find((x) => x.code === 'COLUMN_OVERRIDE_INVALID')?.place?.field).toBe(
      'columnOverrides[0]',
    );
    expect(r.document.indicators).toEqual(run().document.indicators);
  });

  it('accounts for every non-empty cell whatever the overrides (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            column: fc.integer({ min: 1, max: 6 }),
            field: fc.constantFrom(...OVERRIDE_FIELDS),
            fiscalYear: fc.option(fc.integer({ min: 2015, max: 2030 }), { nil: undefined }),
          }),
          { maxLength: 5 },
        ),
        (list) => {
          const r = run({
            columnOverrides: list.map((o) => at(o.column, o.field, { fiscalYear: o.fiscalYear })),
          });
          expect(r.report.coverage.nonEmptyCells).toBe(15);
          expect(r.report.coverage.mappedCells + r.document.unmapped.length).toBe(15);
        },
      ),
      { numRuns: 60 },
    );
  });
});
