import SSF from 'ssf';

/**
 * Cell text as Excel displays it: a number formatted with its number format (`#,##0"人"`,
 * `0.0%`, dates, Japanese era dates `[$-411]ggge"年"m"月"d"日"`). SheetJS SSF does the formatting;
 * this module adds what SSF lacks: the ja-JP built-in formats and the Japanese era (g, e).
 */

/** Built-in number formats (ECMA-376 §18.8.30) as a Japanese Excel shows them. */
const BUILTIN: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  5: '"¥"#,##0;"¥"\\-#,##0',
  6: '"¥"#,##0;[Red]"¥"\\-#,##0',
  7: '"¥"#,##0.00;"¥"\\-#,##0.00',
  8: '"¥"#,##0.00;[Red]"¥"\\-#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'yyyy/m/d',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy/m/d h:mm',
  27: '[$-411]ge.m.d',
  28: '[$-411]ggge"年"m"月"d"日"',
  29: '[$-411]ggge"年"m"月"d"日"',
  30: 'm/d/yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"時"mm"分"',
  33: 'h"時"mm"分"ss"秒"',
  34: 'yyyy"年"m"月"',
  35: 'm"月"d"日"',
  36: '[$-411]ge.m.d',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: '[$-411]ge.m.d',
  51: '[$-411]ggge"年"m"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: '[$-411]ggge"年"m"月"d"日"',
  55: 'yyyy"年"m"月"',
  56: 'm"月"d"日"',
  57: '[$-411]ge.m.d',
  58: '[$-411]ggge"年"m"月"d"日"',
};

/** The format code of a built-in format id, or General. */
export function builtinFormat(id: number): string {
  return BUILTIN[id] ?? 'General';
}

/** Japanese eras with their first day (as y*10000 + m*100 + d) and their letter. */
const ERAS: { start: number; name: string; letter: string; year: number }[] = [
  { start: 20190501, name: '令和', letter: 'R', year: 2019 },
  { start: 19890108, name: '平成', letter: 'H', year: 1989 },
  { start: 19261225, name: '昭和', letter: 'S', year: 1926 },
  { start: 19120730, name: '大正', letter: 'T', year: 1912 },
  { start: 18680125, name: '明治', letter: 'M', year: 1868 },
];

/**
 * Formats `value` (a number, or a date serial) with the format code `code`, as Excel shows it.
 * Never throws: a format SSF cannot handle falls back to General.
 *
 * @example formatNumber(18165, '#,##0"人"') // '18,165人'
 * @example formatNumber(45383, '[$-411]ggge"年"m"月"d"日"') // '令和6年4月1日'
 * @example formatNumber(0.956, '0.0%') // '95.6%'
 */
export function formatNumber(value: number, code: string, date1904 = false): string {
  if (!Number.isFinite(value)) return String(value);
  const opts = date1904 ? DATE1904 : DATE1900;
  try {
    const c = compile(code);
    if (c.general) return SSF.format('General', value, opts);
    const fmt = c.tokens ? withEra(c.tokens, value, date1904, c.hasEra) : c.fmt;
    return SSF.format(fmt, value, opts);
  } catch {
    try {
      return SSF.format('General', value, opts);
    } catch {
      return String(value);
    }
  }
}

const DATE1900 = { date1904: false };
const DATE1904 = { date1904: true };

/** A format code prepared once: General, a plain SSF code, or tokens needing the era per value. */
interface Compiled {
  general: boolean;
  fmt: string;
  tokens: Token[] | null;
  hasEra: boolean;
}

const compiled = new Map<string, Compiled>();

function compile(code: string): Compiled {
  let c = compiled.get(code);
  if (c) return c;
  if (!code || code === '@' || /^general$/i.test(code)) {
    c = { general: true, fmt: 'General', tokens: null, hasEra: false };
  } else {
    const tokens = tokenize(code);
    const japanese = tokens.some((t) => t.kind === 'locale' && /-(?:411|ja-jp)\]$/i.test(t.text));
    const hasEra = tokens.some((t) => t.kind === 'plain' && /g/i.test(t.text.replace(/general/gi, '')));
    const fmt = stripLocales(tokens);
    const era = (hasEra || japanese) && SSF.is_date(fmt.replace(/g/gi, ''));
    c = { general: false, fmt, tokens: era ? tokens : null, hasEra };
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(code, c);
  return c;
}

/**
 * As formatNumber, but a number in the General format (or text `@`) comes out at its full value as
 * typed rather than as Excel's 11-digit display; noise past 15 significant digits (what Excel
 * keeps) is dropped. Other formats are displayed as formatNumber does.
 *
 * @example formatNumberExact(123456789012, 'General') // '123456789012' (formatNumber: '1.23457E+11')
 * @example formatNumberExact(0.1 + 0.2, 'General') // '0.3'
 * @example formatNumberExact(0.802, '0.0%') // '80.2%'
 */
export function formatNumberExact(value: number, code: string, date1904 = false): string {
  if (Number.isFinite(value) && compile(code).general) return String(Number(value.toPrecision(15)));
  return formatNumber(value, code, date1904);
}

interface Token {
  kind: 'quoted' | 'escaped' | 'bracket' | 'locale' | 'plain';
  text: string;
}

function tokenize(fmt: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'plain', text: plain });
    plain = '';
  };
  while (i < fmt.length) {
    const ch = fmt[i]!;
    if (ch === '"') {
      flush();
      const end = fmt.indexOf('"', i + 1);
      const stop = end < 0 ? fmt.length : end + 1;
      out.push({ kind: 'quoted', text: fmt.slice(i, stop) });
      i = stop;
    } else if (ch === '\\' && i + 1 < fmt.length) {
      flush();
      out.push({ kind: 'escaped', text: fmt.slice(i, i + 2) });
      i += 2;
    } else if (ch === '[') {
      flush();
      const end = fmt.indexOf(']', i);
      const stop = end < 0 ? fmt.length : end + 1;
      const text = fmt.slice(i, stop);
      out.push({ kind: /^\[(?:\$|DBNum)/i.test(text) ? 'locale' : 'bracket', text });
      i = stop;
    } else {
      plain += ch;
      i++;
    }
  }
  flush();
  return out;
}

/** Drops `[$-411]` and `[DBNum1]`; keeps a currency symbol of `[$¥-411]` as a literal. */
function stripLocales(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.kind !== 'locale') return t.text;
      const m = /^\[\$([^-\]]*)/.exec(t.text);
      return m?.[1] ? `"${m[1]}"` : '';
    })
    .join('');
}

/** Replaces era tokens (g, gg, ggg; e, ee) with quoted literals for the date `value`. */
function withEra(tokens: Token[], value: number, date1904: boolean, hasEra: boolean): string {
  const d = SSF.parse_date_code(value, { date1904 });
  const ymd = d.y * 10000 + d.m * 100 + d.d;
  const era = ERAS.find((e) => ymd >= e.start);
  const mapped = tokens.map((t) => {
    if (t.kind !== 'plain') return t;
    let text = t.text.replace(/g+|e+/gi, (run) => {
      const c = run[0]!.toLowerCase();
      if (c === 'g') {
        if (!era) return '';
        return `"${run.length >= 3 ? era.name : run.length === 2 ? era.name[0] : era.letter}"`;
      }
      if (!hasEra && !era) return run;
      const y = era ? d.y - era.year + 1 : d.y;
      return `"${run.length >= 2 ? String(y).padStart(2, '0') : String(y)}"`;
    });
    // SSF reads a '.' before m/d as a decimal point; in a date it is a literal (not in `ss.0`).
    text = text.replace(/(?<![sS0])\./g, '"."');
    return { kind: t.kind, text };
  });
  return stripLocales(mapped);
}

/** Excel date serial of an ISO date-time (for `t="d"` cells). */
export function isoToSerial(iso: string, date1904 = false): number | null {
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) return null;
  return ms / 86_400_000 + (date1904 ? 24107 : 25569);
}
