/**
 * A figure as written (実績値・基準値・目標値 text) turned into a Figure of the interchange format:
 * the value parser reads the text; the context supplies the year when the text has none (a year in
 * the text wins), and the unit for plain numbers when it knows one. One reading for every place a
 * figure comes in as text: a cell of an imported table (the column header gives the year: `単位`
 * column `万人`, header `目標値(%)`), an entry on the web grid, a cell of an uploaded entry
 * workbook, a figure carried into a new period.
 */
import type { Figure, ObservationState, Provenance } from './interchange.ts';
import { parseValue } from './parse-value.ts';
import type { ParsedValue, ValuePeriod } from './parsed-value.ts';

/** The year a column header gives to its cells. */
export interface ColumnYear {
  year: number | null;
  basis: 'fiscal' | 'calendar';
}

/**
 * Reads a figure from a cell. The header's year becomes the default period; a period written in
 * the cell (`11,942億円 (平成30年)`) wins.
 *
 * @example toFigure('1,563件', { year: 2019, basis: 'fiscal' }, prov)
 * // { value: 1563, unit: '件', fiscalYear: 2019, raw: '1,563件', state: 'final', ... }
 * @example toFigure('120.5', { year: 2019, basis: 'fiscal' }, prov, '万人') // { value: 1205000, unit: '人', ... }
 */
export function toFigure(
  text: string,
  header: ColumnYear | null,
  provenance?: Provenance,
  unitHint?: string | null,
): Figure {
  const defaultPeriod: ValuePeriod | null =
    header?.year != null ? { from: header.year, to: header.year, basis: header.basis, date: null } : null;
  let parsed: ParsedValue;
  try {
    parsed = readFigureText(text, defaultPeriod, unitHint ?? null);
    if (parsed.kind === 'text') parsed = lenientValue(text, defaultPeriod, unitHint ?? null) ?? parsed;
  } catch {
    parsed = {
      kind: 'text',
      value: null,
      unit: null,
      period: defaultPeriod,
      parts: [],
      qualifiers: [],
      note: null,
      raw: text,
    };
  }
  const period = parsed.period ?? defaultPeriod;
  const fiscalYear = period?.to ?? period?.from ?? header?.year ?? null;
  const fromYear =
    period && period.from != null && period.to != null && period.from !== period.to ? period.from : null;
  const figure: Figure = {
    value: parsed.value,
    fiscalYear,
    raw: text,
    unit: parsed.unit,
    basis: period?.basis ?? header?.basis ?? 'fiscal',
    state: stateOf(parsed),
    parsed,
  };
  if (fromYear != null) figure.fromYear = fromYear;
  if (period?.date) figure.date = period.date;
  if (parsed.note) figure.note = parsed.note;
  if (provenance) figure.provenance = provenance;
  return figure;
}

/**
 * Spacing as PDF-to-text leaves it, taken out before parsing: a space between a number and its
 * unit or scale (`18.8 万人`, `2,000 人以上`) or inside a year (`(2014 年)`). Digits next to digits
 * keep their space (`100 200` stays two numbers).
 *
 * @example tidyFigureText('18.8 万人(2014 年)') // '18.8万人(2014年)'
 */
export function tidyFigureText(text: string): string {
  return text.replace(/(\d)[ \u3000]+(?=[^\d\s.,、。(（)）~～〜\-→])/gu, '$1');
}

/** A dash followed by a unit only (`― 件/年`): no value, as a bare dash. */
const DASH_WITH_UNIT = /^[-―—－‐–ー]\s*[^\d\s]{1,4}(?:\/[^\d\s]{1,2})?$/u;
/** `現状値を維持(44%台)`, `現状維持(141か所)`: hold the figure in parentheses. */
const MAINTAIN = /^(?:現状値?を?維持|現状維持|維持)\s*[(（]\s*([^()（）]+?)\s*[)）]$/u;

function readFigureText(
  text: string,
  defaultPeriod: ValuePeriod | null,
  unitHint: string | null,
): ParsedValue {
  const tidy = tidyFigureText(text.normalize('NFKC').trim());
  const options = { defaultPeriod, unitHint };
  if (DASH_WITH_UNIT.test(tidy)) return { ...parseValue('―', options), raw: text };
  const maintain = MAINTAIN.exec(tidy);
  if (maintain) {
    const inner = parseValue(maintain[1]!.replace(/%台$/u, '%'), options);
    if (inner.kind === 'number')
      return { ...inner, raw: text, qualifiers: [...inner.qualifiers, 'maintain'], note: inner.note };
  }
  const parsed = parseValue(tidy, options);
  return { ...parsed, raw: text };
}

function stateOf(p: ParsedValue): ObservationState {
  if (p.kind === 'pending') return 'pending';
  if (p.kind === 'missing') return 'missing';
  if (p.qualifiers.includes('preliminary')) return 'preliminary';
  return 'final';
}

/** A range written between two numbers (`5~7回/年`, `10～12件`, `3から5人`). */
const RANGE = /^(.*?)(\d[\d,，.]*)\s*(?:[~～〜]|から)\s*(\d[\d,，.]*)(.*)$/su;
/** Words before a figure that say over how long it was counted (`過去5年間実績`, `直近3か年平均`). */
const DURATION =
  /^(?:過去|直近)?\s*\d+\s*(?:年間|か年|ヵ年|カ年|ケ年)\s*(?:の)?\s*(?:実績|平均|累計|合計)?\s*[:：]?\s*/u;

/**
 * A second reading for figures the value parser keeps as text: a range reads as its lower bound
 * (the least that meets it; the range stays in the note and the raw text), and words of a counting
 * period before the number (`過去5年間実績 6件`) go into the note. Null when neither applies.
 *
 * @example lenientValue('5~7回/年', null, null)?.value // 5
 * @example lenientValue('過去5年間実績 6件', null, null)?.note // '過去5年間実績'
 */
export function lenientValue(
  text: string,
  defaultPeriod: ValuePeriod | null,
  unitHint: string | null,
): ParsedValue | null {
  const t = text.normalize('NFKC').trim();
  const duration = DURATION.exec(t);
  if (duration && duration[0].length < t.length) {
    const rest = parseValue(t.slice(duration[0].length), { defaultPeriod, unitHint });
    if (rest.kind === 'number')
      return { ...rest, raw: text, note: [duration[0].trim(), rest.note].filter(Boolean).join('; ') };
  }
  const range = RANGE.exec(t);
  if (range) {
    const lower = parseValue(`${range[1]}${range[2]}${range[4]}`, { defaultPeriod, unitHint });
    if (lower.kind === 'number')
      return {
        ...lower,
        raw: text,
        note: [`範囲 ${range[2]}～${range[3]}`, lower.note].filter(Boolean).join('; '),
      };
  }
  return null;
}

/**
 * Splits a cell holding two figures, an earlier and a later one (`H27年度現在 127件 / H31年度予測
 * 144件`, `1,200人(H26)→1,500人(H31)`), at its arrow or spaced slash. Null unless both halves read
 * as numbers.
 *
 * @example splitPair('H27年度現在 127件 / H31年度予測 144件') // ['H27年度現在 127件', 'H31年度予測 144件']
 */
export function splitPair(text: string): [string, string] | null {
  const parts = text.split(/\s*(?:→|⇒|->|＞|>)\s*|\s+[/／]\s+|\s*／\s*/u).filter((p) => p.trim());
  if (parts.length !== 2) return null;
  for (const p of parts) if (parseValue(p).kind !== 'number') return null;
  return [parts[0]!.trim(), parts[1]!.trim()];
}
