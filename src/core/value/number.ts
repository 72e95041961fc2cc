import type { StepCounter } from './normalize-text.ts';

/**
 * Numbers as written in municipal tables: thousands separators (`12,345`), decimals (`95.60`),
 * scale words alone or combined (`608千`, `37.7万`, `1億2,000万`, `1兆2,000億`, `3万5000`,
 * `12百万`). Works on normalized text (ASCII digits). The value is computed from the decimal
 * digits and a power of ten, so `37.7万` is exactly 377000 (no binary rounding noise).
 */

const SCALE_EXP: Readonly<Record<number, number>> = {
  30334: 2, // 百
  21315: 3, // 千
  19975: 4, // 万
  20740: 8, // 億
  20806: 12, // 兆
};

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A number found by `scanNumber`: its value (no sign applied), where it ends, and whether a scale word was used. */
export interface ScannedNumber {
  value: number;
  end: number;
  scaled: boolean;
}

interface Group {
  digits: string;
  decimals: number;
  end: number;
}

/** Reads digits with thousands commas (`,` then exactly three digits) and one decimal part. */
function readGroup(s: string, i: number, counter?: StepCounter): Group | null {
  let j = i;
  let digits = '';
  let decimals = 0;
  const n = s.length;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (isDigit(c)) {
      digits += s[j];
      j++;
      continue;
    }
    if (
      c === 0x2c /* , */ &&
      digits.length > 0 &&
      isDigit(s.charCodeAt(j + 1)) &&
      isDigit(s.charCodeAt(j + 2)) &&
      isDigit(s.charCodeAt(j + 3)) &&
      !isDigit(s.charCodeAt(j + 4))
    ) {
      j++;
      continue;
    }
    break;
  }
  if (digits.length === 0) return null;
  if (s.charCodeAt(j) === 0x2e /* . */ && isDigit(s.charCodeAt(j + 1))) {
    j++;
    while (j < n && isDigit(s.charCodeAt(j))) {
      digits += s[j];
      decimals++;
      j++;
    }
  }
  if (counter) counter.steps += j - i;
  return { digits, decimals, end: j };
}

function groupValue(g: Group, exp: number): number {
  const e = exp - g.decimals;
  if (e === 0 && g.digits.length <= 15) return fastInt(g.digits);
  return Number(`${g.digits}e${e}`);
}

function fastInt(digits: string): number {
  let v = 0;
  for (let i = 0; i < digits.length; i++) v = v * 10 + (digits.charCodeAt(i) - 0x30);
  return v;
}

/**
 * Scans an unsigned number with its scale words at `i` (a digit). Returns null when no digit is
 * there. The value may be Infinity for absurdly long digit strings; callers check finiteness.
 *
 * @example scanNumber('1億2,000万円', 0) // { value: 120000000, end: 8, scaled: true }
 * @example scanNumber('95.60%', 0) // { value: 95.6, end: 5, scaled: false }
 */
export function scanNumber(s: string, i: number, counter?: StepCounter): ScannedNumber | null {
  let g = readGroup(s, i, counter);
  if (!g) return null;
  let total = 0;
  let end = g.end;
  let scaled = false;
  for (;;) {
    let exp = 0;
    let k = end;
    while (k < s.length) {
      const e = SCALE_EXP[s.charCodeAt(k)];
      if (e === undefined) break;
      exp += e;
      k++;
    }
    if (exp === 0) break;
    if (counter) counter.steps += k - end;
    scaled = true;
    total += groupValue(g, exp);
    end = k;
    const next = isDigit(s.charCodeAt(k)) ? readGroup(s, k, counter) : null;
    if (!next) {
      g = { digits: '', decimals: 0, end: k };
      break;
    }
    g = next;
    end = next.end;
  }
  if (g.digits.length > 0) total += groupValue(g, 0);
  return { value: total, end, scaled };
}
