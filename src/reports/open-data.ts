import { OPEN_DATA_COLUMNS, type OpenDataRecord } from '../core/reports/open-data.ts';
import { type CsvEncoding, csvText, csvTextChunks, encodeCsv, encodeCsvChunks } from './csv.ts';
import { neutralize } from './neutralize.ts';

/**
 * Open data as CSV (columns of docs/open-data.md, header in English snake_case), UTF-8 with BOM
 * by default. Numbers are written as plain numbers; texts are neutralized against formula
 * injection.
 *
 * @example openDataCsv(records) // Uint8Array: BOM, 'municipality,strategy_id,…'
 */
export function openDataCsv(
  records: readonly OpenDataRecord[],
  encoding: CsvEncoding = 'utf8-bom',
): Uint8Array {
  return encodeCsv(csvText(openDataRows(records)), encoding);
}

function* openDataRows(records: readonly OpenDataRecord[]): Generator<string[]> {
  yield [...OPEN_DATA_COLUMNS];
  for (const r of records) yield OPEN_DATA_COLUMNS.map((c) => (r[c] == null ? '' : String(r[c])));
}

/** Open data as CSV (see {@link openDataCsv}) in chunks of whole lines, made as they are asked for. */
export function openDataCsvChunks(
  records: readonly OpenDataRecord[],
  encoding: CsvEncoding = 'utf8-bom',
): Iterable<Uint8Array> {
  return encodeCsvChunks(csvTextChunks(openDataRows(records)), encoding);
}

/**
 * Open data as JSON: `{ format, columns, records }`, texts neutralized as in the CSV (a JSON file
 * is often opened through a spreadsheet too).
 *
 * @example JSON.parse(openDataJson(records, meta)).columns[0] // 'municipality'
 */
export function openDataJson(
  records: readonly OpenDataRecord[],
  meta: { municipality: string; date: string; asOf: number | null },
): string {
  const clean = records.map((r) => {
    const o: Record<string, string | number | null> = {};
    for (const c of OPEN_DATA_COLUMNS) {
      const v = r[c];
      o[c] = typeof v === 'string' ? neutralize(v) : v;
    }
    return o;
  });
  return `${JSON.stringify(
    { format: 'sousei-open-data', version: 1, ...meta, columns: OPEN_DATA_COLUMNS, records: clean },
    null,
    2,
  )}\n`;
}
