/**
 * The header lexicon (見出し語彙): which words name which field, as data. Header words vary
 * between cities (基準値 / 現状値 / 策定時; 目標値 / 指標値; 担当課 / 所管課 / 事業主体 ...); a
 * header cell is scored against every entry, tolerant to spaces, full/half width, brackets, line
 * breaks and the years written into it.
 */
import { parseValue } from '../parse-value.ts';
import { readGeneration, readHeaderYear, stripYears } from './header-year.ts';
import { normalizeKey, splitHtmlCells } from './text.ts';

/** Fields a column can hold. */
export type HeaderField =
  | 'no'
  | 'listRef'
  | 'goal'
  | 'numericTarget'
  | 'measure'
  | 'kpiName'
  | 'outcomeTarget'
  | 'baseline'
  | 'target'
  | 'actual'
  | 'status'
  | 'department'
  | 'bodies'
  | 'commentary'
  | 'definition'
  | 'notes'
  | 'unit'
  | 'projectName'
  | 'summary'
  | 'mainActions'
  | 'overall'
  | 'digital'
  | 'sdgs'
  | 'priority'
  | 'viewpoint'
  | 'period'
  | 'relatedPlan'
  | 'planResult'
  | 'count'
  | 'role'
  | 'baselineYear'
  | 'targetYear'
  | 'year'
  | 'other';

/** One lexicon entry: a field and the words that name it (compared after normalizeKey). */
export interface LexiconEntry {
  field: HeaderField;
  terms: string[];
}

/**
 * The lexicon. Order matters only for ties. Add words here (not code paths) when a city writes a
 * header differently.
 */
export const HEADER_LEXICON: readonly LexiconEntry[] = [
  { field: 'listRef', terms: ['一覧NO.', '一覧NO', '一覧番号', '事業一覧NO'] },
  {
    field: 'no',
    terms: ['NO.', 'NO', '番号', '通番', '整理番号', '項番', '事業番号', '事業NO', '事業NO.', '指標番号'],
  },
  { field: 'count', terms: ['の数', '件数計', '該当数'] },
  { field: 'numericTarget', terms: ['数値目標'] },
  { field: 'outcomeTarget', terms: ['成果目標'] },
  {
    field: 'goal',
    terms: ['基本目標', '基本的視点', '基本目標名', '政策目標', '基本方針', '基本目標の名称'],
  },
  { field: 'relatedPlan', terms: ['関連施策', '総合計画の関連施策', '総合計画'] },
  { field: 'priority', terms: ['重点施策', '重点', '重点事業', '重点取組', 'リーディングプロジェクト'] },
  {
    field: 'measure',
    terms: [
      '具体的な施策',
      '施策大項目',
      '施策名',
      '施策',
      '具体的施策',
      '施策の方向',
      '取組方針',
      '基本施策',
      '施策の柱',
      '講ずべき施策',
    ],
  },
  {
    field: 'kpiName',
    terms: [
      '重要業績評価指標KPI名称',
      '重要業績評価指標KPI',
      '重要業績評価指標',
      'KPI名称',
      'KPI名',
      'KPI',
      'KPI項目',
      '項目名',
      '指標名',
      '指標名称',
      '指標の名称',
      '指標',
      '指標項目',
      '成果指標',
      '成果指標名',
      '評価指標',
      '目標指標',
      '設定指標',
      '活動指標',
    ],
  },
  {
    field: 'baseline',
    terms: [
      '基準値',
      '現状値',
      '現況値',
      '当初値',
      '策定時',
      '策定時の値',
      '策定時値',
      '基準',
      '現状',
      '現況',
      '基準年度値',
      '計画策定時',
    ],
  },
  { field: 'target', terms: ['目標値', '指標値', '目標', '目標数値', '最終目標', '最終目標値', '目標水準'] },
  { field: 'actual', terms: ['実績値', '実績', '実績数値', '現在値', '直近値', '最新値', '直近実績'] },
  { field: 'planResult', terms: ['実績・予定', '実績予定', '取組実績・予定', '年度別計画'] },
  {
    field: 'status',
    terms: [
      '評価',
      '進捗状況',
      '達成度',
      '進捗',
      '進捗度',
      '達成状況',
      '判定',
      '評価結果',
      '進捗評価',
      '達成見込み',
      '評価区分',
      '総合評価',
    ],
  },
  { field: 'bodies', terms: ['事業主体', '実施主体', '実施機関'] },
  {
    field: 'department',
    terms: [
      '担当課',
      '所管課',
      '主管課',
      '担当部署',
      '所管部署',
      '担当部局',
      '担当部課',
      '担当',
      '所管',
      '課名',
      '担当課名',
      '担当課等',
      '所管課等',
    ],
  },
  {
    field: 'commentary',
    terms: [
      '関連事業実施状況',
      '実施状況',
      '課題',
      '今後の方策',
      '取組状況',
      '今後の方向性',
      '今後の取組',
      '評価理由',
      'コメント',
      '所見',
      '成果と課題',
    ],
  },
  {
    field: 'definition',
    terms: [
      '解説・算出方法',
      '算出方法',
      '解説',
      '定義',
      '出典',
      '指標の説明',
      '算定方法',
      'データ出典',
      '目標設定の考え方',
      '設定の考え方',
      '考え方',
      '設定根拠',
      '目標設定根拠',
    ],
  },
  { field: 'notes', terms: ['備考', '特記事項', '注記'] },
  { field: 'unit', terms: ['単位'] },
  { field: 'role', terms: ['区分', '指標区分', '指標の区分', '種別', '指標種別', '指標の種別', '目標区分'] },
  {
    field: 'baselineYear',
    terms: ['基準年度', '基準年', '基準値の年度', '基準値年度', '基準時点', '現状値の年度', '策定時の年度'],
  },
  {
    field: 'targetYear',
    terms: ['目標年度', '目標年次', '目標年', '目標時期', '達成年度', '目標値の年度', '目標達成年度'],
  },
  { field: 'year', terms: ['年度', '実績年度', '対象年度', '調査年度', '計測年度'] },
  { field: 'projectName', terms: ['事務事業名', '事業名', '取組事業名', '事業名称', '取組名'] },
  { field: 'summary', terms: ['施策の概要', '事業内容', '事業概要', '事業の概要', '概要', '内容'] },
  { field: 'mainActions', terms: ['主な取組', '主な事業', '主な取組み', '主要事業'] },
  { field: 'overall', terms: ['総括', '総評', '振り返り'] },
  { field: 'digital', terms: ['デジタル活用', 'デジタル取組例', 'DX'] },
  { field: 'sdgs', terms: ['関連するSDGS', 'SDGS', 'SDGSゴール', '関連SDGS'] },
  { field: 'viewpoint', terms: ['視点', '新たな視点', '横断的な視点', '分類'] },
  { field: 'period', terms: ['期間', '事業期間', '実施期間', '計画期間'] },
];

/** A header cell read through the lexicon. */
export interface HeaderMatch {
  field: HeaderField;
  score: number;
  /** The header text as written (first part when the cell held an HTML row fragment). */
  text: string;
  year: number | null;
  yearTo: number | null;
  date: string | null;
  basis: 'fiscal' | 'calendar';
  generation: number | null;
  /** Unit written in the header for the column's plain numbers (`目標値(%)`, `実績（単位：人）`). */
  unit: string | null;
  /** The group a circled number marks (`指標名②`, `①目標値`: group 2, 1), for repeated column groups. */
  index?: number;
}

/** A circled number (①–⑳) before or after a header word: the column group it belongs to. */
const GROUP_MARK = /^([①-⑳])\s*(.+)$|^(.+?)\s*([①-⑳])$/u;

/**
 * Scores one header cell against the lexicon: 1 for an exact word, less for a word at the end,
 * start or inside (weighted by how much of the header it covers). Returns the best field or null.
 *
 * @example matchHeader('H30基準値') // { field: 'baseline', score: 1, year: 2018, ... }
 * @example matchHeader('指標の担当課')?.field // 'department'
 */
export function matchHeader(raw: string): HeaderMatch | null {
  const parts = splitHtmlCells(raw);
  const text = (parts?.[0] ?? raw).trim();
  if (!text || text.length > 60) return null;
  const mark = GROUP_MARK.exec(text);
  if (mark) {
    const inner = matchWords(mark[2] ?? mark[3]!);
    if (inner) return { ...inner, text, index: (mark[1] ?? mark[4]!).charCodeAt(0) - 0x2460 + 1 };
  }
  return matchWords(text);
}

/** `matchHeader` of a header's text without a group mark. */
function matchWords(text: string): HeaderMatch | null {
  const unit = headerUnit(text);
  const key = normalizeKey(stripYears(unit ? text.replace(unit.written, '') : text)).replace(
    /[・:：.、,]+$/u,
    '',
  );
  if (!key || key.length > 40) return null;
  const keyNoDot = key.replace(/[・.]/g, '');
  const lexicon = lexiconTerms();
  let bestField: HeaderField | null = null;
  let bestScore = 0;
  // Only terms found inside the key (or equal to it without dots) score above 0; they are tried
  // in lexicon order, and a later term wins only with a strictly higher score (ties: first).
  for (const k of candidateTerms(lexicon, key, keyNoDot)) {
    const score = termScore(key, keyNoDot, lexicon.terms[k]!);
    if (score > bestScore) {
      bestField = lexicon.terms[k]!.field;
      bestScore = score;
    }
  }
  if (bestField == null || bestScore < 0.45) return null;
  if (bestField === 'year') bestField = yearOf(lexicon, key);
  const y = readHeaderYear(text);
  return {
    field: bestField,
    score: bestScore,
    text,
    year: y?.year ?? null,
    yearTo: y?.to ?? null,
    date: y?.date ?? null,
    basis: y?.basis ?? 'fiscal',
    generation: readGeneration(text),
    unit: unit?.unit ?? null,
  };
}

/** Bracketed parts of a header: `(%)`, `（人）`, `［単位：千円］`. */
const BRACKETED = /[(（[［〔]\s*(?:単位\s*[:：]\s*)?([^()（）[\]［］〔〕]{1,10}?)\s*[)）\]］〕]/gu;
/** Words read as a unit by the value parser that are not units of a column. */
const NOT_UNIT =
  /^(?:[A-Z]{1,4}|.*値|.*年度|.*時点|.*率|.*目標|年間|月間|現在|推計|暫定|見込.*|合計|全体|平均|速報.*|確定.*|各年.*)$/u;

/**
 * The unit a header gives to the plain numbers of its column, with the text that wrote it; null
 * when the header has none. A bracketed word counts when the value parser reads `1` + it as a
 * number with that unit (`(%)`, `（人）`, `(単位:千円)`, `(件/年)`), and it is not a year, a
 * qualifier (`(累計)`, `(見込)`) or a label (`(KPI)`).
 *
 * @example headerUnit('目標値(%)') // { unit: '%', written: '(%)' }
 * @example headerUnit('基準値(H30)') // null
 */
export function headerUnit(text: string): { unit: string; written: string } | null {
  if (!text.includes('(') && !text.includes('（') && !text.includes('[') && !text.includes('［')) return null;
  for (const m of text.matchAll(BRACKETED)) {
    const u = m[1]!.normalize('NFKC').trim();
    if (!u || /\d/.test(u) || NOT_UNIT.test(u)) continue;
    const p = parseValue(`1${u}`);
    if (p.kind !== 'number' || !p.unit || p.qualifiers.length > 0 || p.period) continue;
    return { unit: u, written: m[0] };
  }
  return null;
}

/**
 * Whose year a year header names: `現況値の年度` / `目標値年度` / `実績年度` name the year of the
 * baseline, the target or the actuals (the figure word before the year word decides).
 */
function yearOf(lexicon: LexiconIndex, key: string): HeaderField {
  const head = key.replace(/(?:の)?(?:年度|年次|年|時点)$/u, '');
  if (!head || head === key) return 'year';
  let field: HeaderField = 'year';
  let best = 0;
  for (const k of candidateTerms(lexicon, head, head.replace(/[・.]/g, ''))) {
    const t = lexicon.terms[k]!;
    if (t.field !== 'baseline' && t.field !== 'target' && t.field !== 'actual') continue;
    const score = termScore(head, head.replace(/[・.]/g, ''), t);
    if (score > best) {
      best = score;
      field = t.field === 'baseline' ? 'baselineYear' : t.field === 'target' ? 'targetYear' : 'year';
    }
  }
  return best >= 0.6 ? field : 'year';
}

/** A lexicon term normalized once, with its dot-free form. */
interface LexiconTerm {
  field: HeaderField;
  term: string;
  noDot: string;
}

/** The lexicon's terms in order, and their positions by first character and by dot-free form. */
interface LexiconIndex {
  terms: LexiconTerm[];
  byFirst: Map<string, number[]>;
  byNoDot: Map<string, number[]>;
}

let lexiconIndex: LexiconIndex | null = null;

/** The lexicon normalized and indexed once (the lexicon is constant data). */
function lexiconTerms(): LexiconIndex {
  if (lexiconIndex) return lexiconIndex;
  const terms = HEADER_LEXICON.flatMap((e) =>
    e.terms.map((raw) => {
      const term = normalizeKey(raw);
      return { field: e.field, term, noDot: term.replace(/[・.]/g, '') };
    }),
  );
  const byFirst = new Map<string, number[]>();
  const byNoDot = new Map<string, number[]>();
  terms.forEach((t, k) => {
    if (!t.term) return;
    const first = t.term[0]!;
    byFirst.set(first, [...(byFirst.get(first) ?? []), k]);
    if (t.noDot) byNoDot.set(t.noDot, [...(byNoDot.get(t.noDot) ?? []), k]);
  });
  lexiconIndex = { terms, byFirst, byNoDot };
  return lexiconIndex;
}

/** Positions (ascending, no repeats) of the terms that occur in `key` or equal it without dots. */
function candidateTerms(lexicon: LexiconIndex, key: string, keyNoDot: string): number[] {
  let out: number[] = NONE;
  for (let p = 0; p < key.length; p++) {
    const starting = lexicon.byFirst.get(key[p]!);
    if (!starting) continue;
    for (const k of starting) {
      if (!key.startsWith(lexicon.terms[k]!.term, p)) continue;
      if (out === NONE) out = [k];
      else out.push(k);
    }
  }
  const same = lexicon.byNoDot.get(keyNoDot);
  if (same) out = out === NONE ? [...same] : out.concat(same);
  if (out.length > 1) {
    out.sort(ascending);
    out = out.filter(firstOfRun);
  }
  return out;
}

const NONE: number[] = [];

function ascending(a: number, b: number): number {
  return a - b;
}

function firstOfRun(k: number, i: number, all: number[]): boolean {
  return i === 0 || all[i - 1] !== k;
}

function termScore(key: string, keyNoDot: string, t: LexiconTerm): number {
  const term = t.term;
  if (!term) return 0;
  if (key === term) return 1;
  if (keyNoDot === t.noDot && t.noDot) return 0.98;
  if (!key.includes(term)) return 0;
  const cov = term.length / key.length;
  if (key.endsWith(term)) return 0.6 + 0.4 * cov;
  return 0.45 + 0.4 * cov;
}

/** Column type expected from a field, for aligning data cells with headers. */
export type ColumnType = 'label' | 'figure' | 'status' | 'dept' | 'text' | 'int' | 'sdg' | 'mark' | 'year';

/**
 * The type of content a field's column holds.
 *
 * @example columnType('baseline') // 'figure'
 */
export function columnType(field: HeaderField): ColumnType {
  switch (field) {
    case 'baseline':
    case 'target':
    case 'actual':
    case 'count':
      return 'figure';
    case 'status':
      return 'status';
    case 'department':
    case 'bodies':
      return 'dept';
    case 'commentary':
    case 'definition':
    case 'notes':
    case 'summary':
    case 'mainActions':
    case 'overall':
    case 'digital':
    case 'planResult':
      return 'text';
    case 'no':
    case 'listRef':
      return 'int';
    case 'sdgs':
      return 'sdg';
    case 'baselineYear':
    case 'targetYear':
    case 'year':
      return 'year';
    case 'priority':
    case 'viewpoint':
      return 'mark';
    default:
      return 'label';
  }
}
