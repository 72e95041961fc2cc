import { sameBaseUnit, toDisplayUnit, unitScale } from './display-unit.ts';
import { formatNumber } from './format-value.ts';
import { parseValue } from './parse-value.ts';
import type { ParsedValue } from './parsed-value.ts';

/**
 * Checks of a figure as a department enters it (実績値の入力チェック), shared by the web grid
 * (as you type), the API (before saving) and the entry workbook upload. A warning does not
 * refuse the figure: it asks for an explicit confirmation of that cell.
 */

/** What can look wrong in an entered figure. */
export type EntryWarningCode =
  | 'VALUE_UNPARSEABLE'
  | 'UNIT_DIFFERS'
  | 'OUTSIDE_PAST_RANGE'
  | 'UNUSUAL_JUMP'
  | 'YEAR_MISMATCH';

/** One warning on an entered figure: stable code, messages in both languages, the field. */
export interface EntryWarning {
  code: EntryWarningCode;
  message: string;
  messageEn: string;
  /** The input field the warning is about (`raw`: the figure as written). */
  field: 'raw';
}

/** A past figure of the indicator, in base units. */
export interface PastValue {
  fiscalYear: number;
  value: number;
}

/** What a figure is checked against: the indicator's unit, the year entered, past figures. */
export interface EntryContext {
  /** The indicator's display unit (`件`, `万円`); values are compared in base units. */
  unit: string | null;
  fiscalYear: number;
  /** Baseline and actuals of earlier years (any order; later years are ignored). */
  past: readonly PastValue[];
}

/** The parsed figure and its warnings. */
export interface EntryCheck {
  parsed: ParsedValue | null;
  warnings: EntryWarning[];
}

function shown(value: number, unit: string | null): string {
  return `${formatNumber(Number(toDisplayUnit(value, unit).toPrecision(6)))}${unit ?? ''}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Parses an entered figure as the core does and lists what looks wrong for this indicator and
 * year. An empty text is not checked.
 * - VALUE_UNPARSEABLE: not read as a number, a pending or a not-measured figure (`abc`);
 * - UNIT_DIFFERS: a unit other than the indicator's (`1,234人` on a 件 indicator; `万円` and `円`
 *   are the same unit at another scale);
 * - OUTSIDE_PAST_RANGE: far outside the range of past values (beyond the range's span, and at
 *   least 50% away from the nearest past value); needs two past values;
 * - UNUSUAL_JUMP: a change from the latest past value larger than three times the usual yearly
 *   change (median of past changes per year) and than 10% of that value; needs three past values;
 *   not given when OUTSIDE_PAST_RANGE already is;
 * - YEAR_MISMATCH: the text names another year than the one entered (`1,600件 (R5)` for FY2024).
 *
 * @example checkEntry('1,234人', { unit: '件', fiscalYear: 2024, past: [] }).warnings[0]?.code // 'UNIT_DIFFERS'
 * @example checkEntry('abc', { unit: '件', fiscalYear: 2024, past: [] }).warnings[0]?.code // 'VALUE_UNPARSEABLE'
 */
export function checkEntry(raw: string, context: EntryContext): EntryCheck {
  if (raw.trim() === '') return { parsed: null, warnings: [] };
  const parsed = parseValue(raw, { unitHint: context.unit });
  const warnings: EntryWarning[] = [];
  const add = (code: EntryWarningCode, message: string, messageEn: string) =>
    warnings.push({ code, message, messageEn, field: 'raw' });
  if (parsed.kind === 'text')
    add(
      'VALUE_UNPARSEABLE',
      '数値として読めません（例: 1,563件、速報値 80.2%、未公表）',
      'Not read as a number (e.g. 1,563件, 速報値 80.2%, 未公表)',
    );
  const indicatorUnit = context.unit?.trim() ? context.unit.trim() : null;
  if (
    parsed.kind === 'number' &&
    parsed.unit &&
    indicatorUnit &&
    unitScale(indicatorUnit).base &&
    !sameBaseUnit(parsed.unit, indicatorUnit)
  )
    add(
      'UNIT_DIFFERS',
      `単位「${parsed.unit}」が指標の単位「${indicatorUnit}」と異なります`,
      `Unit "${parsed.unit}" differs from the indicator's "${indicatorUnit}"`,
    );
  const past = context.past
    .filter((p) => p.fiscalYear < context.fiscalYear && Number.isFinite(p.value))
    .sort((a, b) => a.fiscalYear - b.fiscalYear);
  const v = parsed.kind === 'number' ? parsed.value : null;
  if (v !== null && past.length >= 2) {
    const values = past.map((p) => p.value);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const span = Math.max(max - min, Math.abs(max) * 0.1, 1e-9);
    const nearest = v < min ? min : v > max ? max : v;
    if (Math.abs(v - nearest) > span && Math.abs(v - nearest) > Math.abs(nearest) * 0.5)
      add(
        'OUTSIDE_PAST_RANGE',
        `過去の値の範囲（${shown(min, indicatorUnit)}〜${shown(max, indicatorUnit)}）から大きく外れています。桁・単位を確認してください`,
        `Far outside the past range (${shown(min, indicatorUnit)}–${shown(max, indicatorUnit)}): check digits and unit`,
      );
  }
  // A value already far outside the range is not also called a jump: one warning, one confirmation.
  if (v !== null && past.length >= 3 && !warnings.some((w) => w.code === 'OUTSIDE_PAST_RANGE')) {
    const steps: number[] = [];
    for (let i = 1; i < past.length; i++) {
      const a = past[i - 1] as PastValue;
      const b = past[i] as PastValue;
      steps.push(Math.abs(b.value - a.value) / Math.max(1, b.fiscalYear - a.fiscalYear));
    }
    const usual = median(steps);
    const last = past[past.length - 1] as PastValue;
    const years = Math.max(1, context.fiscalYear - last.fiscalYear);
    const change = Math.abs(v - last.value);
    if (change > 3 * usual * years && change > Math.abs(last.value) * 0.1 && change > 1e-9)
      add(
        'UNUSUAL_JUMP',
        `前回値（${shown(last.value, indicatorUnit)}）からの変化が通常の変化（年${shown(usual, indicatorUnit)}程度）より大きく違います。数値を確認してください`,
        `The change from the last value (${shown(last.value, indicatorUnit)}) is much larger than the usual change (about ${shown(usual, indicatorUnit)} a year): check the figure`,
      );
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
    add(
      'YEAR_MISMATCH',
      `セルの年度（${named}）が入力中の年度（${context.fiscalYear}）と違います`,
      `The cell names year ${named.replace('〜', '–')}, not ${context.fiscalYear}`,
    );
  }
  return { parsed, warnings };
}

/**
 * The warnings not covered by the confirmed codes (what still needs a confirmation).
 *
 * @example unconfirmed([{ code: 'UNIT_DIFFERS', ... }], ['UNIT_DIFFERS']) // []
 */
export function unconfirmed(
  warnings: readonly EntryWarning[],
  confirmed: readonly string[] | null | undefined,
): EntryWarning[] {
  const ok = new Set(confirmed ?? []);
  return warnings.filter((w) => !ok.has(w.code));
}

/**
 * The warnings a department confirmed when it saved a figure, who confirmed and when: stored with
 * the figure and shown as 「確認済み」 beside it.
 *
 * @example { warnings: [{ code: 'UNIT_DIFFERS', ... }], by: '商工太郎', at: '2025-04-10T09:00:00Z' }
 */
export interface FigureConfirmation {
  warnings: EntryWarning[];
  by: string | null;
  at: string;
}
