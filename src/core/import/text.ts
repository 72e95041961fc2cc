/**
 * Cell text as recognition sees it: HTML left over from PDF conversion turned into plain text
 * with line breaks, whitespace tidied, and a normalized key for comparing header words.
 */

/** Tags whose boundary is a line break in plain text. */
const BLOCK_TAGS = new Set([
  'p',
  'br',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'dl',
  'dt',
  'dd',
  'caption',
]);
/** Tags whose boundary separates words (table cells). */
const CELL_TAGS = new Set(['th', 'td']);
/** Inline tags removed without a trace. */
const INLINE_TAGS = new Set([
  'span',
  'small',
  'b',
  'i',
  'u',
  'em',
  'strong',
  'sup',
  'sub',
  'font',
  'a',
  'colgroup',
  'col',
  'label',
]);

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
};

/** A piece of HTML-ish text: plain text, or a tag with its lower-case name. */
export interface HtmlToken {
  type: 'text' | 'open' | 'close';
  value: string;
}

/**
 * Splits text into text and known-tag tokens in one linear pass (no regex backtracking). A `<`
 * that does not start a known tag stays text (`a < b`).
 *
 * @example tokenizeHtml('<p>a</p>') // [{type:'open',value:'p'},{type:'text',value:'a'},{type:'close',value:'p'}]
 */
export function tokenizeHtml(input: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let text = '';
  let i = 0;
  const n = input.length;
  while (i < n) {
    const ch = input.charCodeAt(i);
    if (ch === 60 /* < */) {
      const tag = readTag(input, i);
      if (tag) {
        if (text) tokens.push({ type: 'text', value: decodeEntities(text) });
        text = '';
        tokens.push({ type: tag.close ? 'close' : 'open', value: tag.name });
        i = tag.end;
        continue;
      }
    }
    text += input[i];
    i++;
  }
  if (text) tokens.push({ type: 'text', value: decodeEntities(text) });
  return tokens;
}

function readTag(s: string, start: number): { name: string; close: boolean; end: number } | null {
  let i = start + 1;
  let close = false;
  if (s[i] === '/') {
    close = true;
    i++;
  }
  let name = '';
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const isAlnum = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57 && name.length > 0);
    if (!isAlnum) break;
    name += s[i];
    i++;
  }
  name = name.toLowerCase();
  if (!name || !(BLOCK_TAGS.has(name) || CELL_TAGS.has(name) || INLINE_TAGS.has(name))) return null;
  const next = s[i];
  if (next !== '>' && next !== ' ' && next !== '/' && next !== '\t' && next !== '\n') return null;
  // Attributes: scan to the closing '>' but give up at a new '<' or after a bounded length.
  const limit = Math.min(s.length, i + 2000);
  while (i < limit && s[i] !== '>') {
    if (s[i] === '<') return null;
    i++;
  }
  if (s[i] !== '>') return null;
  return { name, close, end: i + 1 };
}

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] === '&') {
      const semi = s.indexOf(';', i + 1);
      if (semi > i && semi - i <= 10) {
        const name = s.slice(i + 1, semi);
        let rep: string | undefined;
        if (name.startsWith('#x') || name.startsWith('#X')) {
          const code = Number.parseInt(name.slice(2), 16);
          if (Number.isFinite(code) && code > 0 && code < 0x110000) rep = String.fromCodePoint(code);
        } else if (name.startsWith('#')) {
          const code = Number.parseInt(name.slice(1), 10);
          if (Number.isFinite(code) && code > 0 && code < 0x110000) rep = String.fromCodePoint(code);
        } else rep = ENTITIES[name];
        if (rep !== undefined) {
          out += rep;
          i = semi + 1;
          continue;
        }
      }
    }
    out += s[i];
    i++;
  }
  return out;
}

/** True when the text holds at least one known HTML tag. */
export function hasHtml(s: string): boolean {
  return s.includes('<') && tokenizeHtml(s).some((t) => t.type !== 'text');
}

/**
 * Turns a cell into clean text: known HTML tags become line breaks (blocks) or spaces (cells),
 * entities are decoded, runs of spaces collapse, each line is trimmed, empty lines dropped.
 *
 * @example htmlToText('<p>①なし</p> <p>②課題</p>') // '①なし\n②課題'
 */
export function htmlToText(input: string): string {
  if (!input.includes('<') && !input.includes('&')) return tidy(input);
  let out = '';
  for (const t of tokenizeHtml(input)) {
    if (t.type === 'text') out += t.value;
    else if (BLOCK_TAGS.has(t.value)) out += '\n';
    else if (CELL_TAGS.has(t.value)) out += ' ';
  }
  return tidy(out);
}

/** Characters `tidy` changes (line breaks, tabs, wide and no-break spaces) or a double space. */
const UNTIDY = /[\r\n\t\u3000\u00a0]| {2}/;

function tidy(s: string): string {
  // Already tidy: one line, single spaces, nothing to trim (the usual cell).
  if (!UNTIDY.test(s) && s.trim() === s) return s;
  const lines = s.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const t = line.replace(/[ \t\u3000\u00a0]+/g, ' ').trim();
    if (t) kept.push(t);
  }
  return kept.join('\n');
}

/**
 * Splits a cell holding an HTML table-row fragment into its cells: the leading text (before the
 * first tag) and then one entry per `<th>`/`<td>`. Returns null when there is no cell tag.
 *
 * @example splitHtmlCells('R5担当課 <th>KPI</th> <td>R5基準値</td>') // ['R5担当課', 'KPI', 'R5基準値']
 */
export function splitHtmlCells(input: string): string[] | null {
  if (!input.includes('<')) return null;
  const tokens = tokenizeHtml(input);
  if (!tokens.some((t) => t.type === 'open' && CELL_TAGS.has(t.value))) return null;
  const cells: string[] = [];
  let current = '';
  let inCell = false;
  for (const t of tokens) {
    if (t.type === 'open' && CELL_TAGS.has(t.value)) {
      if (current.trim()) cells.push(tidy(current));
      current = '';
      inCell = true;
    } else if (t.type === 'close' && CELL_TAGS.has(t.value)) {
      if (current.trim() || inCell) cells.push(tidy(current));
      current = '';
      inCell = false;
    } else if (t.type === 'text') current += t.value;
    else if (BLOCK_TAGS.has(t.value)) current += '\n';
  }
  if (current.trim()) cells.push(tidy(current));
  return cells.filter((c) => c !== '');
}

/**
 * Key for comparing header words: NFKC (full-width → half-width), no whitespace or line breaks,
 * no brackets or decoration, upper-case Latin letters.
 *
 * @example normalizeKey('重要業績評価指標 （ＫＰＩ）\n名称') // '重要業績評価指標KPI名称'
 */
export function normalizeKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[()[\]{}【】「」『』〔〕〈〉《》<>■□◆◇★☆*#＊]/g, '')
    .toUpperCase();
}

/**
 * Label of a status as written, spacing normalized so that `進捗の遅れ (コロナ)` and
 * `進捗の遅れ（コロナ）` compare equal.
 *
 * @example normalizeLabel('進捗の遅れ （コロナ）') // '進捗の遅れ(コロナ)'
 */
export function normalizeLabel(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

const NOT_BLANK = /[^\s\u3000\u00a0]/;

/** True for a cell that is blank after trimming (spaces, full-width spaces, nbsp). */
export function isBlank(s: string | null | undefined): boolean {
  return s == null || !NOT_BLANK.test(s);
}

/**
 * Dice coefficient of character bigrams of two normalized strings (0..1), for fuzzy name matches.
 *
 * @example similarity('年間観光入込客数', '年間観光入込調査人数') // ≈ 0.6
 */
export function similarity(a: string, b: string): number {
  return similarityOfKeys(normalizeKey(a), normalizeKey(b));
}

/**
 * `similarity` of two texts already passed through `normalizeKey`.
 *
 * @example similarityOfKeys('年間観光入込客数', '年間観光入込調査人数') // ≈ 0.6
 */
export function similarityOfKeys(x: string, y: string): number {
  if (!x || !y) return 0;
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  return diceOfBigrams(bigrams(x), bigrams(y));
}

/**
 * The character bigrams of a key as sorted numbers (two UTF-16 code units each), for
 * `diceOfBigrams`; computed once per key when one key is compared with many.
 *
 * @example bigrams('ABA').length // 2
 */
export function bigrams(key: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < key.length - 1; i++) out.push(key.charCodeAt(i) * 65536 + key.charCodeAt(i + 1));
  return out.sort(ascending);
}

/**
 * Dice coefficient of two sorted bigram lists: twice the bigrams they share (counted with
 * multiplicity) over the bigrams of both.
 *
 * @example diceOfBigrams(bigrams('観光客数'), bigrams('観光入込客数')) // 0.5
 */
export function diceOfBigrams(a: number[], b: number[]): number {
  let i = 0;
  let j = 0;
  let hits = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      hits++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * hits) / (a.length + b.length);
}

function ascending(a: number, b: number): number {
  return a - b;
}
