import { toDisplayUnit } from '../../../src/core/display-unit.ts';
import { westernToEraYear } from '../../../src/core/era.ts';
import { formatFiscalYear } from '../../../src/core/fiscal-year.ts';

const grouping = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 2 });

/**
 * A stored value (in base units) with Japanese grouping in its display unit: `1,563件`; a value
 * of a 万円 indicator is divided back (1,850,000,000 → `185,000万円`); null/undefined → `—`.
 *
 * @example formatAmount(1563, '件') // '1,563件'
 * @example formatAmount(1_850_000_000, '万円') // '185,000万円'
 */
export function formatAmount(value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${formatInUnit(value, unit)}${unit ?? ''}`;
}

/**
 * The number part only of `formatAmount` (for axis labels, where the unit is said once).
 *
 * @example formatInUnit(1_850_000_000, '万円') // '185,000'
 */
export function formatInUnit(value: number, unit?: string | null): string {
  return grouping.format(toDisplayUnit(value, unit));
}

/**
 * A share in percent with one decimal: `45.0%`.
 *
 * @example formatShare(45) // '45.0%'
 */
export function formatShare(percent: number): string {
  return `${percent.toFixed(1)}%`;
}

/**
 * A ratio (0.85) as a percent (`85%`); null → `—`.
 *
 * @example formatRatio(0.8495) // '85%'
 */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 100)}%`;
}

let labelLanguage: 'ja' | 'en' = 'ja';

/** The language of the labels made here (the app sets it with the user's choice). */
export function setFormatLanguage(lang: 'ja' | 'en'): void {
  labelLanguage = lang;
}

/**
 * A fiscal year both ways: era first in Japanese (the core's formatter), `令和6年度 (2024)`;
 * Western first in English, `FY2024 (R6)`.
 *
 * @example fiscalYearLabel(2024) // '令和6年度 (2024)'
 * @example fiscalYearLabel(2024, 'en') // 'FY2024 (R6)'
 */
export function fiscalYearLabel(fiscalYear: number, lang: 'ja' | 'en' = labelLanguage): string {
  if (lang === 'ja') return formatFiscalYear(fiscalYear);
  const era = westernToEraYear(fiscalYear);
  return era ? `FY${fiscalYear} (${era.era.letter}${era.year})` : `FY${fiscalYear}`;
}

/**
 * A period of fiscal years: `令和2年度 (2020) ～ 令和6年度 (2024)`, `FY2020 (R2) to FY2024 (R6)`.
 *
 * @example periodLabel({ from: 2020, to: 2024 }, 'en') // 'FY2020 (R2) to FY2024 (R6)'
 */
export function periodLabel(period: { from: number; to: number }, lang: 'ja' | 'en' = labelLanguage): string {
  const sep = lang === 'ja' ? ' ～ ' : ' to ';
  return `${fiscalYearLabel(period.from, lang)}${sep}${fiscalYearLabel(period.to, lang)}`;
}
