import { parseValue } from '../../../src/core/parse-value.ts';
import type { ParsedValue } from '../../../src/core/parsed-value.ts';

/** A warning shown beside a cell of the data-entry grid (stable code, Japanese and English). */
export interface CellWarning {
  code: 'VALUE_UNPARSEABLE' | 'UNIT_DIFFERS' | 'OUTSIDE_PAST_RANGE' | 'YEAR_MISMATCH';
  message: string;
  messageEn: string;
}

/** What a cell is checked against: the indicator's unit, the year being entered, past figures. */
export interface CellContext {
  unit: string | null;
  fiscalYear: number;
  /** Past yearly values (baseline and actuals), any order. */
  past: readonly number[];
}

export interface CellCheck {
  parsed: ParsedValue | null;
  warnings: CellWarning[];
}

/** Units written differently but meaning the same (full-width forms fold through NFKC). */
function sameUnit(a: string, b: string): boolean {
  const fold = (u: string) => u.normalize('NFKC').replace(/\s/g, '').replace('パーセント', '%');
  return fold(a) === fold(b);
}

/**
 * Parses one cell as the core does and lists what looks wrong for this indicator and year:
 * unparseable text, a unit other than the indicator's, a value far outside the past range
 * (beyond the range's span on either side, and at least 50% away from the nearest past value),
 * a year written in the cell that is not the year being entered. An empty cell is not checked.
 *
 * @example checkCell('1,600人 (R5)', { unit: '件', fiscalYear: 2024, past: [1563] }).warnings.map((w) => w.code)
 * // ['UNIT_DIFFERS', 'YEAR_MISMATCH']
 */
export function checkCell(raw: string, context: CellContext): CellCheck {
  if (raw.trim() === '') return { parsed: null, warnings: [] };
  const parsed = parseValue(raw, { unitHint: context.unit });
  const warnings: CellWarning[] = [];
  if (parsed.kind === 'text')
    warnings.push({
      code: 'VALUE_UNPARSEABLE',
      message: '数値として読めません（例: 1,563件、速報値 80.2%、未公表）',
      messageEn: 'Not read as a number (e.g. 1,563件, 速報値 80.2%, 未公表)',
    });
  if (parsed.kind === 'number' && parsed.unit && context.unit && !sameUnit(parsed.unit, context.unit))
    warnings.push({
      code: 'UNIT_DIFFERS',
      message: `単位「${parsed.unit}」が指標の単位「${context.unit}」と異なります`,
      messageEn: `Unit "${parsed.unit}" differs from the indicator's "${context.unit}"`,
    });
  if (parsed.kind === 'number' && parsed.value !== null && context.past.length >= 2) {
    const min = Math.min(...context.past);
    const max = Math.max(...context.past);
    const span = Math.max(max - min, Math.abs(max) * 0.1, 1e-9);
    const v = parsed.value;
    const nearest = v < min ? min : v > max ? max : v;
    const far = Math.abs(v - nearest) > span && Math.abs(v - nearest) > Math.abs(nearest) * 0.5;
    if (far)
      warnings.push({
        code: 'OUTSIDE_PAST_RANGE',
        message: `過去の値の範囲（${min.toLocaleString('ja-JP')}〜${max.toLocaleString('ja-JP')}）から大きく外れています。桁・単位を確認してください`,
        messageEn: `Far outside the past range (${min}–${max}): check digits and unit`,
      });
  }
  // The year a figure is for is the end of its period (`26件(R2～R6の累計)` is FY2024's running
  // total). A pending figure's date is when it will be published, not the year it is for.
  const period = parsed.kind === 'pending' ? null : parsed.period;
  const year = period ? (period.to ?? period.from) : null;
  if (period && year !== null && year !== context.fiscalYear) {
    const named =
      period.from !== null && period.to !== null && period.from !== period.to
        ? `${period.from}〜${period.to}`
        : String(year);
    warnings.push({
      code: 'YEAR_MISMATCH',
      message: `セルの年度（${named}）が入力中の年度（${context.fiscalYear}）と違います`,
      messageEn: `The cell names year ${named.replace('〜', '–')}, not ${context.fiscalYear}`,
    });
  }
  return { parsed, warnings };
}
