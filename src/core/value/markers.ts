/**
 * The words municipalities write around figures, and what each means to the value parser.
 * Kept as data so that the vocabulary can grow without touching the scanner.
 */

/**
 * Qualifier words (standing alone, in parentheses or in brackets) and the qualifier each adds to
 * a parsed value; `null` marks words that are understood but add nothing (`現在`, `実績`, `調査`).
 *
 * @example QUALIFIER_WORDS.get('速報値') // 'preliminary'
 */
export const QUALIFIER_WORDS: ReadonlyMap<string, string | null> = new Map<string, string | null>([
  ['速報値', 'preliminary'],
  ['速報', 'preliminary'],
  ['暫定値', 'preliminary'],
  ['暫定', 'preliminary'],
  ['推計値', 'estimated'],
  ['推計', 'estimated'],
  ['推定値', 'estimated'],
  ['推定', 'estimated'],
  ['見込み', 'estimated'],
  ['見込', 'estimated'],
  ['見込値', 'estimated'],
  ['見込み値', 'estimated'],
  ['予測値', 'estimated'],
  ['約', 'approximate'],
  ['概ね', 'approximate'],
  ['おおむね', 'approximate'],
  ['およそ', 'approximate'],
  ['概数', 'approximate'],
  ['概算', 'approximate'],
  ['程度', 'approximate'],
  ['前後', 'approximate'],
  ['累計', 'cumulative'],
  ['累積', 'cumulative'],
  ['累計値', 'cumulative'],
  ['の累計', 'cumulative'],
  ['通算', 'cumulative'],
  ['年間', 'annual'],
  ['単年', 'annual'],
  ['単年度', 'annual'],
  ['毎年', 'annual'],
  ['毎年度', 'annual'],
  ['以上', 'at-least'],
  ['以下', 'at-most'],
  ['以内', 'at-most'],
  ['未満', 'less-than'],
  ['超', 'more-than'],
  ['現在', null],
  ['時点', null],
  ['実績', null],
  ['実績値', null],
  ['確定値', null],
  ['調査', null],
  ['末', null],
  ['年度末', null],
  ['年末', null],
]);

/** Prefixes that mark a figure as approximate when they end the words before it (`年間約`). */
export const APPROXIMATE_PREFIXES: ReadonlyArray<string> = ['約', '概ね', 'およそ', 'おおむね'];

/**
 * Words that say a figure was not measured (未把握…). A cell without a figure that contains one
 * is `missing`, with its text kept as the note.
 */
export const MISSING_MARKERS: ReadonlyArray<string> = [
  '未把握',
  '未集計',
  '未調査',
  '未算出',
  '未確定',
  '未公表',
  '非公表',
  '未計測',
  '未測定',
  '調査なし',
  '調査未実施',
  '集計なし',
  '把握できず',
  '把握できない',
  '把握不可',
  '把握不能',
  '集計不能',
  '集計不可',
  '算出不能',
  '算出不可',
  '測定不能',
  'データなし',
  '該当なし',
  '対象外',
  '実績なし',
  '統計なし',
];

/** Weaker markers, used only for short cells without sentence punctuation (commentary mentions them too). */
export const WEAK_MISSING_MARKERS: ReadonlyArray<string> = ['未実施', '中止', '休止', '廃止', '不明', '未定'];

/** Longest cell (characters) in which a weak missing marker makes the cell `missing`. */
export const WEAK_MISSING_MAX_LENGTH = 40;

/** Words that say a figure is not published yet (公表予定…): the cell is `pending`. */
export const PENDING_MARKERS: ReadonlyArray<string> = [
  '公表予定',
  '公表見込',
  '発表予定',
  '確定予定',
  '公表後',
  '確定後',
  '公表待ち',
  '集計中',
  '算出中',
];

/** Cells meaning "no value" by convention: not applicable. */
export const NOT_AVAILABLE_WORDS: ReadonlySet<string> = new Set(['N/A', 'NA', 'n/a', 'N.A.', 'n.a.', '#N/A']);

/** Endings that state zero in words (`待機児童なし`). */
export const ZERO_ENDINGS: ReadonlyArray<string> = ['なし', '無し', 'ゼロ', 'ナシ'];

/**
 * Nouns after which `なし` does not mean a count of zero (`変更なし`, `特記事項なし`): the cell is
 * not a figure.
 */
export const NOT_COUNTABLE_BEFORE_NASHI: ReadonlyArray<string> = [
  '調査',
  'データ',
  '該当',
  '実績',
  '変更',
  '特記事項',
  '特記',
  '記載',
  '回答',
  '報告',
  '問題',
  '課題',
  '異常',
  '意見',
  '予定',
  '対象',
  '支障',
  '影響',
  '指摘',
  '提出',
  '備考',
];
