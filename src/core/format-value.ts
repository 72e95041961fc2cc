import { formatEraYear, MAX_ERA_YEAR, westernToEraYear } from './era.ts';
import type { ParsedValue, ValuePeriod } from './parsed-value.ts';

/**
 * Writes a parsed value back as text in the style municipalities use (`△236人`, `約1,000人`,
 * `2,010人 (R2～R6の累計)`, `(速報値) 80.2%`), such that `parseValue(formatValue(v))` gives the same
 * value and unit (and, for values the parser produced, the same period and qualifiers).
 */

/**
 * Writes a number with thousands separators and every significant digit (no rounding, no
 * exponent), negative numbers with `△`.
 *
 * @example formatNumber(-1234.5) // '△1,234.5'
 * @example formatNumber(1.2e12) // '1,200,000,000,000'
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const negative = n < 0;
  const plain = plainDecimal(Math.abs(n));
  const dot = plain.indexOf('.');
  const int = dot < 0 ? plain : plain.slice(0, dot);
  const frac = dot < 0 ? '' : plain.slice(dot);
  let grouped = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) grouped += ',';
    grouped += int[i];
  }
  return `${negative ? '△' : ''}${grouped}${frac}`;
}

/** The shortest round-trip digits of a non-negative finite number, without exponent. */
function plainDecimal(x: number): string {
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const mantissa = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const pointAt = (dot < 0 ? mantissa.length : dot) + exp;
  if (pointAt <= 0) return `0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return digits + '0'.repeat(pointAt - digits.length);
  return `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

function yearText(year: number, basis: ValuePeriod['basis']): string {
  const ey = westernToEraYear(year);
  if (!ey || ey.year > MAX_ERA_YEAR) return basis === 'calendar' ? `${year}年` : `${year}年度`;
  return basis === 'calendar' ? formatEraYear(year) : `${ey.era.letter}${ey.year}`;
}

/**
 * Writes a period as in municipal tables: `R5`, `H27～R1`, `～R3`, `R3～`, `令和2年` (calendar),
 * `R6.4現在` (a date). Empty for a period with neither end nor date.
 *
 * @example formatPeriod({ from: 2015, to: 2019, basis: 'fiscal', date: null }) // 'H27～R1'
 * @example formatPeriod({ from: 2018, to: 2018, basis: 'calendar', date: null }) // '平成30年'
 */
export function formatPeriod(p: ValuePeriod): string {
  if (p.date) {
    const [y, m, d] = p.date.split('-').map(Number);
    const ey = y !== undefined ? westernToEraYear(y) : null;
    if (ey && ey.year <= MAX_ERA_YEAR && m) return `${ey.era.letter}${ey.year}.${m}${d ? `.${d}` : ''}現在`;
    return `${p.date}現在`;
  }
  const { from, to } = p;
  if (from === null && to === null) return '';
  if (from === to) return yearText(from!, p.basis);
  const a = from === null ? '' : yearText(from, p.basis);
  const b = to === null ? '' : yearText(to, p.basis);
  return `${a}～${b}`;
}

const PREFIX_QUALIFIERS: Readonly<Record<string, string>> = {
  preliminary: '(速報値) ',
  estimated: '(推計値) ',
};
const SUFFIX_QUALIFIERS: Readonly<Record<string, string>> = {
  'at-least': '以上',
  'at-most': '以下',
  'less-than': '未満',
  'more-than': '超',
  increase: '増',
  decrease: '減',
};

function figureText(value: number | null, unit: string | null, qualifiers: string[]): string {
  let out = '';
  if (qualifiers.includes('approximate')) out += '約';
  out += value === null ? '-' : formatNumber(value);
  out += unit ?? '';
  for (const q of qualifiers) out += SUFFIX_QUALIFIERS[q] ?? '';
  return out;
}

function tail(v: ParsedValue): string {
  let out = '';
  const cumulative = v.qualifiers.includes('cumulative');
  const period = v.period ? formatPeriod(v.period) : '';
  if (period) out += ` (${period}${cumulative ? 'の累計' : ''})`;
  else if (cumulative) out += ' (累計)';
  if (v.qualifiers.includes('annual')) out += ' (年間)';
  if (v.note) out += ` ※${v.note}`;
  return out;
}

/**
 * Writes a parsed value as text that `parseValue` reads back to the same value and unit.
 * `text` values are written as their raw text, `missing` as their note or `-`.
 *
 * @example formatValue(parseValue('△236人 (R5)')) // '△236人 (R5)'
 * @example formatValue(parseValue('2,010人(R2～R6の累計)')) // '2,010人 (R2～R6の累計)'
 */
export function formatValue(v: ParsedValue): string {
  switch (v.kind) {
    case 'number': {
      let prefix = '';
      for (const q of v.qualifiers) prefix += PREFIX_QUALIFIERS[q] ?? '';
      return `${prefix}${figureText(v.value, v.unit, v.qualifiers)}${tail(v)}`;
    }
    case 'multi': {
      let prefix = '';
      for (const q of v.qualifiers) prefix += PREFIX_QUALIFIERS[q] ?? '';
      const parts = v.parts.map(
        (p) => `${p.label}${p.value === null ? '-' : formatNumber(p.value)}${p.unit ?? ''}`,
      );
      return `${prefix}${parts.join(' ')}${tail(v)}`;
    }
    case 'missing':
      return v.note ?? '-';
    case 'pending': {
      if (v.note) return v.note;
      const date = v.period?.date;
      if (date) {
        const [y, m] = date.split('-').map(Number);
        if (y && m) return `${formatEraYear(y)}${m}月 公表予定`;
      }
      return '公表予定';
    }
    default:
      return v.raw;
  }
}
