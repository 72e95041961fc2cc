/**
 * Reads the year a column header refers to (`現状値(R5)`, `H30基準値`, `目標値(令和6年度)`,
 * `令和2年度 実績値`, `評価 (R6.4現在)`, `第3期 (R7-11)`). A small private reader for headers;
 * values in cells go through the value parser.
 */

const ERA_BASE: Record<string, number> = {
  明治: 1867,
  大正: 1911,
  昭和: 1925,
  平成: 1988,
  令和: 2018,
  M: 1867,
  T: 1911,
  S: 1925,
  H: 1988,
  R: 2018,
};

/** What a header says about time. */
export interface HeaderYear {
  /** The (fiscal or calendar) year, or the first year of a range. */
  year: number | null;
  /** Last year of a range (`R7-11` → 2029), else equal to `year`. */
  to: number | null;
  basis: 'fiscal' | 'calendar';
  /** ISO month of an as-of (`R6.4現在` → `2024-04`). */
  date: string | null;
}

const ERA_WORD = '(明治|大正|昭和|平成|令和)\\s*(元|\\d{1,2})\\s*年(度)?';
const ERA_LETTER = '(?<![A-Za-z])([MTSHR])\\s*(元|\\d{1,2})(?:\\s*[.．]\\s*(\\d{1,2}))?(年度|年)?';
// Compiled once; without the g flag `exec` keeps no state between calls.
const ERA_WORD_RE = new RegExp(ERA_WORD);
const ERA_LETTER_RE = new RegExp(ERA_LETTER);

/**
 * Finds the first era year in a header. Returns null when there is none.
 *
 * @example readHeaderYear('目標値 (令和6年度)') // { year: 2024, to: 2024, basis: 'fiscal', date: null }
 * @example readHeaderYear('評価 (R6.4現在)') // { year: 2024, to: 2024, basis: 'fiscal', date: '2024-04' }
 * @example readHeaderYear('第3期 (R7-11) KPI') // { year: 2025, to: 2029, basis: 'fiscal', date: null }
 */
export function readHeaderYear(text: string): HeaderYear | null {
  const s = text.normalize('NFKC');
  const word = ERA_WORD_RE.exec(s);
  const letter = ERA_LETTER_RE.exec(s);
  const useWord = word && (!letter || word.index <= letter.index);
  if (useWord && word) {
    const base = ERA_BASE[word[1]!]!;
    const n = word[2] === '元' ? 1 : Number(word[2]);
    const year = base + n;
    const basis = word[3] ? 'fiscal' : 'calendar';
    // A range such as 令和2年度から令和6年度 or 令和2年度～令和6年度.
    const rest = s.slice(word.index + word[0].length);
    const range = /^\s*(?:から|～|~|〜|-|－|‐)\s*(明治|大正|昭和|平成|令和)?\s*(元|\d{1,2})\s*年/.exec(rest);
    let to = year;
    if (range) {
      const b2 = range[1] ? ERA_BASE[range[1]]! : base;
      to = b2 + (range[2] === '元' ? 1 : Number(range[2]));
    }
    return { year, to, basis, date: null };
  }
  if (letter) {
    const base = ERA_BASE[letter[1]!]!;
    const n = letter[2] === '元' ? 1 : Number(letter[2]);
    const year = base + n;
    let date: string | null = null;
    let fiscalYear = year;
    if (
      letter[3] &&
      /現在|時点|末/.test(s.slice(letter.index + letter[0].length, letter.index + letter[0].length + 4))
    ) {
      const month = Number(letter[3]);
      if (month >= 1 && month <= 12) {
        date = `${year}-${String(month).padStart(2, '0')}`;
        fiscalYear = month >= 4 ? year : year - 1;
      }
    }
    const basis = letter[4] === '年' ? 'calendar' : 'fiscal';
    const rest = s.slice(letter.index + letter[0].length);
    const range = /^\s*(?:～|~|〜|-|－|‐)\s*([MTSHR])?\s*(\d{1,2})(?!\d)/.exec(rest);
    let to = fiscalYear;
    if (range) {
      const b2 = range[1] ? ERA_BASE[range[1]]! : base;
      to = b2 + Number(range[2]);
    }
    return { year: fiscalYear, to, basis, date };
  }
  const western = /(?<!\d)(19[5-9]\d|20\d\d)\s*(年度|年)?(?!\d)/.exec(s);
  if (western) {
    const year = Number(western[1]);
    return { year, to: year, basis: western[2] === '年' ? 'calendar' : 'fiscal', date: null };
  }
  return null;
}

/**
 * Strategy generation named in a text (`第2期` → 2, `第３期` → 3), or null.
 *
 * @example readGeneration('第3期 (R7-11) KPI') // 3
 */
export function readGeneration(text: string): number | null {
  const m = /第\s*(\d{1,2})\s*期/.exec(text.normalize('NFKC'));
  return m ? Number(m[1]) : null;
}

/**
 * Removes year mentions, generation words and as-of notes from a header so the remaining words
 * can be looked up in the lexicon (`H30基準値` → `基準値`, `評価 (R6.4現在)` → `評価`).
 *
 * @example stripYears('目標値 (令和6年度)') // '目標値 ()'
 */
export function stripYears(text: string): string {
  return text
    .normalize('NFKC')
    .replace(
      /(明治|大正|昭和|平成|令和)\s*(元|\d{1,2})\s*年(度)?(\s*(から|～|~|〜|-)\s*((明治|大正|昭和|平成|令和)?\s*(元|\d{1,2})\s*年(度)?))?/g,
      '',
    )
    .replace(
      /(?<![A-Za-z])[MTSHR]\s*(元|\d{1,2})(\s*[.]\s*\d{1,2})?(\s*[-~～〜]\s*[MTSHR]?\s*\d{1,2})?(年度|年)?/g,
      '',
    )
    .replace(/(?<!\d)(19[5-9]\d|20\d\d)\s*(年度|年)?/g, '')
    .replace(/第\s*\d{1,2}\s*期/g, '')
    .replace(/現在|時点/g, '');
}
