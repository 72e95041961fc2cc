/**
 * Text normalization for the value parser: one linear pass, no regular expressions.
 *
 * - full-width ASCII (`１２，３４５％`, `（Ｒ２）`) → ASCII; `～` and `〜` → `~`;
 * - dashes and minus signs (`−`, `‐`, `–`, `—`, `―`, `－`) → `-` (the katakana `ー` is left to the
 *   scanner, which knows when it is a minus sign);
 * - every kind of space, tab and line break → one space; zero-width characters dropped; trimmed;
 * - HTML leftovers (`<br>`, `<p>`, `</small>`, `&nbsp;`, `&amp;`) → a space / the character;
 * - compatibility unit signs (`㎡`, `㎥`, `㎞`, `㎏`, `㏊`, `㌫`) → `m²`, `m³`, `km`, `kg`, `ha`, `%`;
 * - half-width `･` and `·` → `・`, half-width `､` → `、`.
 *
 * Sub- and superscript digits are kept: the unit scanner decides what they mean (`m³`, `CO₂`).
 */

/** A counter the parser increments for each unit of work, so tests can check linear work. */
export interface StepCounter {
  steps: number;
}

const MAX_TAG_LENGTH = 64;

/**
 * Normalizes a cell's text for scanning (see the module comment). Never throws; work is linear in
 * the length of the input.
 *
 * @example normalizeText('１２，３４５人　（Ｒ２）') // '12,345人 (R2)'
 * @example normalizeText('874g/人<br>・日') // '874g/人 ・日'
 */
export function normalizeText(text: string, counter?: StepCounter): string {
  const n = text.length;
  // Fast path: text in which no character needs a change (most cells) is returned as it is.
  let plain = n > 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (i > 0 && i < n - 1 && text.charCodeAt(i - 1) !== 0x20) continue;
      plain = false;
      break;
    }
    if (mayChange(c)) {
      plain = false;
      break;
    }
  }
  if (counter) counter.steps += n;
  if (plain) return text;

  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (counter) counter.steps++;
    let piece: string;
    if (isSpace(c)) {
      pendingSpace = true;
      continue;
    }
    if ((c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff) continue;
    if (c === 0x3c /* < */) {
      const end = tagEnd(text, i, counter);
      if (end > 0) {
        pendingSpace = true;
        i = end;
        continue;
      }
      piece = '<';
    } else if (c === 0x26 /* & */) {
      const ent = entityAt(text, i);
      if (ent) {
        i += ent.length - 1;
        if (ent.text === ' ') {
          pendingSpace = true;
          continue;
        }
        piece = ent.text;
      } else {
        piece = '&';
      }
    } else if (c >= 0xff01 && c <= 0xff5e) {
      piece = String.fromCharCode(c - 0xfee0);
    } else {
      piece = REPLACEMENTS.get(c) ?? text[i]!;
    }
    if (pendingSpace && out.length > 0) out += ' ';
    pendingSpace = false;
    out += piece;
  }
  return out;
}

/** True when normalization may replace or drop the character (spaces are handled apart). */
function mayChange(c: number): boolean {
  if (c < 0x80) return c < 0x20 || c === 0x7f || c === 0x3c /* < */ || c === 0x26 /* & */;
  if (c < 0x2000) return c === 0x85 || c === 0xa0 || c === 0xb7 || c === 0x1680;
  if (c <= 0x2060) return true;
  if (c < 0x3000) return c === 0x2212 || c === 0x223c;
  if (c < 0x3300) return c === 0x3000 || c === 0x301c;
  if (c <= 0x33ff) return true;
  return c === 0xfe63 || c === 0xfeff || (c >= 0xff01 && c <= 0xff65);
}

function isSpace(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x7f ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Single characters replaced by normalized text. */
const REPLACEMENTS: ReadonlyMap<number, string> = new Map<number, string>([
  [0x301c, '~'], // 〜 wave dash
  [0x223c, '~'], // ∼
  [0x2053, '~'], // ⁓
  [0x2010, '-'],
  [0x2011, '-'],
  [0x2012, '-'],
  [0x2013, '-'],
  [0x2014, '-'],
  [0x2015, '-'],
  [0x2212, '-'],
  [0xfe63, '-'],
  [0x2043, '-'],
  [0xff64, '、'],
  [0xff61, '。'],
  [0x00b7, '・'],
  [0xff65, '・'],
  [0x33a1, 'm²'],
  [0x33a5, 'm³'],
  [0x33a2, 'km²'],
  [0x339e, 'km'],
  [0x338f, 'kg'],
  [0x339d, 'cm'],
  [0x339c, 'mm'],
  [0x33ca, 'ha'],
  [0x332b, '%'],
]);

/** End index (of `>`) of an HTML tag starting at `i`, or -1 when `<` does not start a tag. */
function tagEnd(text: string, i: number, counter?: StepCounter): number {
  let j = i + 1;
  if (text.charCodeAt(j) === 0x2f /* / */) j++;
  const first = text.charCodeAt(j);
  const isLetter = (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a);
  if (!isLetter && first !== 0x21 /* ! */) return -1;
  const limit = Math.min(text.length, i + MAX_TAG_LENGTH);
  for (let k = j + 1; k < limit; k++) {
    if (counter) counter.steps++;
    const c = text.charCodeAt(k);
    if (c === 0x3e) return k;
    if (c === 0x3c) return -1;
  }
  return -1;
}

const ENTITIES: ReadonlyArray<readonly [string, string]> = [
  ['&nbsp;', ' '],
  ['&amp;', '&'],
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&quot;', '"'],
  ['&#39;', "'"],
  ['&ensp;', ' '],
  ['&emsp;', ' '],
];

function entityAt(text: string, i: number): { text: string; length: number } | null {
  for (const [name, value] of ENTITIES) {
    if (text.startsWith(name, i)) return { text: value, length: name.length };
  }
  return null;
}
