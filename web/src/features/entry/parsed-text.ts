import { sameBaseUnit } from '../../../../src/core/display-unit.ts';
import type { ParsedValue } from '../../../../src/core/parsed-value.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { formatAmount } from '../../lib/format.ts';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const QUALIFIER_KEYS: Record<string, MessageKey> = {
  preliminary: 'preliminary',
  estimated: 'qualEstimated',
  approximate: 'qualApproximate',
  cumulative: 'qualCumulative',
  annual: 'qualAnnual',
  'at-least': 'qualAtLeast',
  'at-most': 'qualAtMost',
  'more-than': 'qualMoreThan',
  'less-than': 'qualLessThan',
};

/** What the core read from a cell, in the user's language (in the indicator's unit when it is the same). */
export function parsedText(parsed: ParsedValue, t: Translate, unit: string | null): string {
  switch (parsed.kind) {
    case 'number':
      return formatAmount(
        parsed.value,
        unit && parsed.unit && sameBaseUnit(parsed.unit, unit) ? unit : parsed.unit,
      );
    case 'multi':
      return parsed.parts.map((p) => `${p.label}${formatAmount(p.value, p.unit)}`).join(' ');
    case 'pending':
      return parsed.period?.date ? `${t('kindPending')} (${parsed.period.date})` : t('kindPending');
    case 'missing':
      return parsed.note ? `${t('kindMissing')} (${parsed.note})` : t('kindMissing');
    default:
      return t('kindText');
  }
}

export function qualifierText(q: string, t: Translate): string {
  const key = QUALIFIER_KEYS[q];
  return key ? t(key) : q;
}
