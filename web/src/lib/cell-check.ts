import {
  checkEntry,
  type EntryContext,
  type EntryWarning,
  type PastValue,
} from '../../../src/core/entry-check.ts';
import type { ParsedValue } from '../../../src/core/parsed-value.ts';

/** A warning shown beside a cell of the data-entry grid: the core's entry check, as the server runs it. */
export type CellWarning = EntryWarning;

/** What a cell is checked against: the indicator's unit, the year being entered, past figures. */
export type CellContext = EntryContext;
export type { PastValue };

export interface CellCheck {
  parsed: ParsedValue | null;
  warnings: CellWarning[];
}

/**
 * Checks one cell with the core's entry check (the same one the API runs before saving, so that a
 * warning seen here is the warning the server asks to confirm).
 *
 * @example checkCell('1,600人 (R5)', { unit: '件', fiscalYear: 2024, past: [] }).warnings.map((w) => w.code)
 * // ['UNIT_DIFFERS', 'YEAR_MISMATCH']
 */
export function checkCell(raw: string, context: CellContext): CellCheck {
  return checkEntry(raw, context);
}
