import { formatFiscalYear } from '../../../src/core/fiscal-year.ts';

const grouping = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 2 });

/**
 * A number with Japanese grouping and its unit: `1,563件`; null/undefined → `—`.
 *
 * @example formatAmount(1563, '件') // '1,563件'
 */
export function formatAmount(value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${grouping.format(value)}${unit ?? ''}`;
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

/**
 * A fiscal year both ways, era first (the core's formatter): `令和6年度 (2024)`.
 *
 * @example fiscalYearLabel(2024) // '令和6年度 (2024)'
 */
export function fiscalYearLabel(fiscalYear: number): string {
  return formatFiscalYear(fiscalYear);
}
