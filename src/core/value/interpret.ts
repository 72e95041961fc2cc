import type { ParsedValue, ValuePart, ValuePeriod } from '../parsed-value.ts';
import {
  MISSING_MARKERS,
  NOT_AVAILABLE_WORDS,
  PENDING_MARKERS,
  WEAK_MISSING_MARKERS,
  WEAK_MISSING_MAX_LENGTH,
} from './markers.ts';
import { normalizeText, type StepCounter } from './normalize-text.ts';
import { addQual, type CellReading, isDashOnly, readCell } from './read-cell.ts';
import { tokenize } from './tokenize.ts';
import { isAsciiLetter, isCjk, isKatakana, splitUnitHint } from './units.ts';

/**
 * The interpreter of the value parser (see parse-value.ts): the reading of one cell
 * (read-cell.ts) → a `ParsedValue` of one form: missing, pending, text, number or multi. One
 * function per form.
 */

/** A unit hint as a power of ten and the unit left (`千円` → 3, `円`). */
interface Hint {
  exp: number;
  unit: string | null;
}

/**
 * Interprets one cell: normalizes and tokenizes the text, reads the tokens and chooses the form.
 *
 * @example interpret('待機児童なし', null, null, { steps: 0 }).value // 0
 */
export function interpret(
  raw: string,
  defaultPeriod: ValuePeriod | null | undefined,
  unitHint: string | null | undefined,
  ctx: StepCounter,
): ParsedValue {
  const s = normalizeText(raw, ctx);
  const def = copyPeriod(defaultPeriod);
  if (s.length === 0 || isDashOnly(s)) return result('missing', raw, { period: def });
  if (NOT_AVAILABLE_WORDS.has(s)) return result('missing', raw, { period: def, note: s });

  const r = readCell(s, tokenize(s, ctx), ctx);
  if (r.figures.length === 0) return withoutFigures(raw, s, r, def, ctx);
  if (r.junk || r.labelWords.length > 0 || r.dash)
    return result('text', raw, { period: r.cellPeriod ?? def });

  let hint: Hint | null = null;
  if (unitHint) {
    const h = splitUnitHint(unitHint);
    hint = { exp: Math.round(Math.log10(h.scale)), unit: h.unit };
  }
  return r.figures.length === 1 ? numberValue(raw, r, def, hint) : multiValue(raw, r, def, hint);
}

/** A cell with no figure: pending (`公表予定`), missing (`未把握`, a dash) or text. */
function withoutFigures(
  raw: string,
  s: string,
  r: CellReading,
  def: ValuePeriod | null,
  ctx: StepCounter,
): ParsedValue {
  if (containsAny(s, PENDING_MARKERS)) return pendingValue(raw, s, r, def);
  ctx.steps += s.length;
  const period = r.cellPeriod ?? def;
  if (
    containsAny(s, MISSING_MARKERS) ||
    (s.length <= WEAK_MISSING_MAX_LENGTH &&
      !s.includes('、') &&
      !s.includes('。') &&
      containsAny(s, WEAK_MISSING_MARKERS))
  ) {
    return result('missing', raw, { period, qualifiers: r.quals, note: s });
  }
  if (r.dash && r.labelWords.length === 0 && !r.junk) {
    return result('missing', raw, {
      period,
      qualifiers: r.quals,
      note: r.notes.length ? r.notes.join('; ') : null,
    });
  }
  return result('text', raw, { period, qualifiers: r.quals });
}

/** A figure to come (`令和5年9月 公表予定`): the column's period, with the date written in the cell. */
function pendingValue(raw: string, s: string, r: CellReading, def: ValuePeriod | null): ParsedValue {
  const date = r.cellPeriod?.date ?? null;
  const p: ValuePeriod | null =
    date !== null
      ? { from: def?.from ?? null, to: def?.to ?? null, basis: def?.basis ?? 'fiscal', date }
      : def;
  return result('pending', raw, { period: p, qualifiers: r.quals, note: s });
}

/** One figure (`18,165人 (R2)`, `待機児童なし`): a number, the words before it in the note; or text. */
function numberValue(raw: string, r: CellReading, def: ValuePeriod | null, hint: Hint | null): ParsedValue {
  const f = r.figures[0]!;
  const { cellPeriod, quals, notes } = r;
  if (!f.unitOk) return result('text', raw, { period: cellPeriod ?? def });
  // `基本目標3`, `資料4`: a name with a number, not a figure.
  if (f.attached && f.unit === null && f.label && cellPeriod === null && quals.length === 0 && !f.quals) {
    return result('text', raw, { period: def });
  }
  if (f.zero && (notes.length > 0 || quals.length > 0)) {
    // `待機児童なし` must be the whole cell (a year is allowed).
    return result('text', raw, { period: cellPeriod ?? def });
  }
  const { value, unit } = applyHint(f.value, f.unit, hint);
  const qualifiers = [...(f.quals ?? [])];
  for (const q of quals) addQual(qualifiers, q);
  const rest = [...notes, ...r.otherPeriods];
  const noteParts = f.zero ? [`${f.label}なし`, ...rest] : f.label ? [f.label, ...rest] : rest;
  return result('number', raw, {
    value: value === 0 ? 0 : value,
    unit,
    period: cellPeriod ?? def,
    qualifiers,
    note: noteParts.length > 0 ? noteParts.join('; ') : null,
  });
}

/** Several figures (`男性78.1歳 女性80.5歳`): parts, each with a label (or its own year); or text. */
function multiValue(raw: string, r: CellReading, def: ValuePeriod | null, hint: Hint | null): ParsedValue {
  const parts: ValuePart[] = [];
  const qualifiers: string[] = [];
  let byPeriod = false;
  for (const f of r.figures) {
    if (!f.label && f.periodLabel) byPeriod = true;
    const label = f.label || f.periodLabel || '';
    if (!f.unitOk || !(f.label ? hasLabelChar(f.label) : label.length > 0))
      return result('text', raw, { period: r.cellPeriod ?? def });
    const { value, unit } = applyHint(f.value, f.unit, hint);
    parts.push({ label: f.zero ? `${f.label}なし` : label, value: value === 0 ? 0 : value, unit });
    for (const q of f.quals ?? []) addQual(qualifiers, q);
  }
  for (const q of r.quals) addQual(qualifiers, q);
  const first = parts[0]!.unit;
  const common = parts.every((p) => p.unit === first) ? first : null;
  // Parts labelled by their own years have no common period.
  const rest = byPeriod ? r.notes : [...r.notes, ...r.otherPeriods];
  return result('multi', raw, {
    value: null,
    unit: common,
    period: byPeriod ? def : (r.cellPeriod ?? def),
    parts,
    qualifiers,
    note: rest.length > 0 ? rest.join('; ') : null,
  });
}

/**
 * True when `s` can name a part: it has kanji, kana or a circled number, or at least two Latin
 * letters (a lone `P` of `P22` is a page number, not a label).
 */
function hasLabelChar(s: string): boolean {
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isCjk(c) || isKatakana(c)) return true;
    if (c >= 0x3041 && c <= 0x3096) return true;
    if ((c >= 0x2460 && c <= 0x24ff) || (c >= 0x2776 && c <= 0x2793) || (c >= 0x3251 && c <= 0x32bf))
      return true;
    if (isAsciiLetter(c)) letters++;
  }
  return letters >= 2;
}

function containsAny(s: string, words: ReadonlyArray<string>): boolean {
  for (const w of words) if (s.includes(w)) return true;
  return false;
}

function copyPeriod(p: ValuePeriod | null | undefined): ValuePeriod | null {
  return p ? { from: p.from, to: p.to, basis: p.basis, date: p.date } : null;
}

/** A parsed value of a form, the fields not given empty. */
export function result(
  kind: ParsedValue['kind'],
  raw: string,
  fields: Partial<Omit<ParsedValue, 'kind' | 'raw'>> = {},
): ParsedValue {
  return {
    kind,
    value: fields.value ?? null,
    unit: fields.unit ?? null,
    period: fields.period ?? null,
    parts: fields.parts ?? [],
    qualifiers: fields.qualifiers ?? [],
    note: fields.note ?? null,
    raw,
  };
}

/** Applies a unit hint (`千円`) to a figure written without a unit. */
function applyHint(value: number, unit: string | null, hint: Hint | null) {
  if (unit !== null || !hint) return { value, unit };
  let v = value;
  if (hint.exp !== 0) {
    const str = String(value);
    v = str.includes('e') ? value * 10 ** hint.exp : Number(`${str}e${hint.exp}`);
  }
  return { value: v, unit: hint.unit };
}
