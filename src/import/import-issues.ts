import { cellAddress, type Issue, type Place, type Severity } from '../core/issue.ts';
import { formatBytes } from './limits.ts';

/**
 * The issues the file adapters return, by stable code: Japanese message, English message, the
 * fix (hint) and the default severity. Parameters fill in the figures a message names.
 */
type Params = Record<string, string | number>;
interface Entry {
  severity: Severity;
  ja: (p: Params) => string;
  en: (p: Params) => string;
  hint?: (p: Params) => string;
}

const SAVE_AS =
  'Excel で開き、「名前を付けて保存」で .xlsx か CSV (UTF-8) として保存し直してください / open it in Excel and save it as .xlsx or CSV UTF-8';

const catalogue = {
  FILE_NOT_FOUND: {
    severity: 'error',
    ja: () => 'ファイルが見つかりません',
    en: () => 'File not found',
    hint: () => 'パスを確認してください / check the path',
  },
  FILE_UNREADABLE: {
    severity: 'error',
    ja: (p) => `ファイルを読めません (${p.reason})`,
    en: (p) => `Cannot read the file (${p.reason})`,
    hint: () => 'ファイルの場所と読み取り権限を確認してください / check the path and the read permission',
  },
  FILE_EMPTY: {
    severity: 'error',
    ja: () => 'ファイルが空です',
    en: () => 'The file is empty',
    hint: () => '中身のあるファイルを指定してください / give a file that has data',
  },
  FILE_NO_CELLS: {
    severity: 'error',
    ja: () => '値の入ったセルが一つもありません',
    en: () => 'No cell of the file has a value',
  },
  FILE_TOO_LARGE: {
    severity: 'error',
    ja: (p) =>
      `ファイルが大きすぎます (${formatBytes(Number(p.size))}、上限 ${formatBytes(Number(p.limit))})`,
    en: (p) =>
      `The file is too large (${formatBytes(Number(p.size))}, limit ${formatBytes(Number(p.limit))})`,
    hint: () => '表を分けて保存してください / split the table into smaller files',
  },
  FILE_BINARY: {
    severity: 'error',
    ja: () => 'テキストファイルでも Excel ブックでもありません (バイナリデータ)',
    en: () => 'Neither a text file nor an Excel workbook (binary data)',
    hint: () => SAVE_AS,
  },
  FORMAT_UNSUPPORTED: {
    severity: 'error',
    ja: (p) => `この形式 (${p.format}) は読めません`,
    en: (p) => `This format (${p.format}) cannot be read`,
    hint: () => SAVE_AS,
  },
  FORMAT_MISMATCH: {
    severity: 'info',
    ja: (p) => `拡張子は ${p.ext} ですが、中身は ${p.actual} なのでそのとおり読みました`,
    en: (p) => `The extension is ${p.ext} but the content is ${p.actual}; read as ${p.actual}`,
  },
  XLS_LEGACY: {
    severity: 'error',
    ja: () => '古い Excel 形式 (.xls) は読めません',
    en: () => 'The legacy Excel format (.xls) cannot be read',
    hint: () =>
      'Excel で開き、「名前を付けて保存」で .xlsx として保存し直してください / open it in Excel and save as .xlsx',
  },
  XLSX_ENCRYPTED: {
    severity: 'error',
    ja: () => 'パスワード付きのファイルは読めません',
    en: () => 'Password-protected files cannot be read',
    hint: () =>
      'Excel でパスワードを解除して保存し直してください / remove the password in Excel and save again',
  },
  XLSX_CORRUPT: {
    severity: 'error',
    ja: (p) => `Excel ファイルが壊れているか、途中で切れています (${p.reason})`,
    en: (p) => `The Excel file is damaged or truncated (${p.reason})`,
    hint: () =>
      '元のファイルをもう一度コピーするか、Excel で開いて保存し直してください / copy the file again or re-save it in Excel',
  },
  XLSX_NOT_WORKBOOK: {
    severity: 'error',
    ja: () => 'zip ファイルですが Excel ブックではありません',
    en: () => 'A zip file, but not an Excel workbook',
    hint: () => SAVE_AS,
  },
  ZIP_TOO_LARGE: {
    severity: 'error',
    ja: (p) =>
      `展開後のサイズが上限を超えます (${formatBytes(Number(p.size))}、上限 ${formatBytes(Number(p.limit))}${p.part ? `、部分 ${p.part}` : ''})`,
    en: (p) =>
      `The uncompressed size exceeds the limit (${formatBytes(Number(p.size))}, limit ${formatBytes(Number(p.limit))}${p.part ? `; part ${p.part}` : ''})`,
    hint: () => 'ブックを分けて保存してください / split the workbook',
  },
  ZIP_RATIO_TOO_HIGH: {
    severity: 'error',
    ja: (p) =>
      `圧縮率が異常に高い部分があります (${p.part}: 展開後 ${formatBytes(Number(p.size))}、${p.ratio} 倍、上限 ${p.limit} 倍)。zip 爆弾の疑いがあるため展開せずに断りました`,
    en: (p) =>
      `A part is compressed suspiciously well (${p.part}: ${formatBytes(Number(p.size))} uncompressed, ${p.ratio}x, limit ${p.limit}x); refused as a possible zip bomb without inflating it`,
    hint: () => 'Excel で開いて保存し直してください / re-save the file in Excel',
  },
  ZIP_TOO_MANY_ENTRIES: {
    severity: 'error',
    ja: (p) => `zip の中のファイルが多すぎます (${p.count}、上限 ${p.limit})`,
    en: (p) => `Too many entries in the zip (${p.count}, limit ${p.limit})`,
  },
  ENCODING_UNKNOWN: {
    severity: 'error',
    ja: (p) => `文字コード「${p.name}」は使えません`,
    en: (p) => `Unknown encoding '${p.name}'`,
    hint: () =>
      'utf-8, shift_jis (cp932), utf-16le, utf-16be のいずれかを指定してください / use one of these',
  },
  ENCODING_MIXED: {
    severity: 'warning',
    ja: (p) =>
      `文字コードが混在しています: 大部分は ${p.main} ですが、${p.line}行目${Number(p.more) > 0 ? ` (ほか ${p.more} 行)` : ''}は ${p.other} として読みました`,
    en: (p) =>
      `Mixed encodings: mostly ${p.main}, but line ${p.line}${Number(p.more) > 0 ? ` (and ${p.more} more)` : ''} was read as ${p.other}`,
    hint: () =>
      '該当行の文字化けがないか確認し、ファイルを一つの文字コードで保存し直してください / check those lines and save the file in one encoding',
  },
  ENCODING_INVALID_BYTES: {
    severity: 'warning',
    ja: (p) => `${p.line}行目に ${p.encoding} として読めないバイトがあります (� に置き換えました)`,
    en: (p) => `Line ${p.line} has bytes that are not valid ${p.encoding} (replaced with �)`,
    hint: () => '--encoding で正しい文字コードを指定してください / give the right encoding with --encoding',
  },
  ENCODING_TRUNCATED: {
    severity: 'warning',
    ja: () => 'UTF-16 のファイルの長さが奇数です (最後の 1 バイトを無視しました)',
    en: () => 'The UTF-16 file has an odd length (the last byte was ignored)',
  },
  CSV_QUOTE_NOT_CLOSED: {
    severity: 'error',
    ja: (p) => `この行 (ファイルの ${p.line} 行目) で始まった引用符 (") が閉じていません`,
    en: (p) => `A quote (") opened on this row (line ${p.line} of the file) is never closed`,
    hint: () => '引用符を閉じるか、セル内の " を "" と書いてください / close the quote or write " as ""',
  },
  ROW_TOO_LONG: {
    severity: 'error',
    ja: (p) => `この行が長すぎます (${p.limit} 文字を超えます)。引用符 (") が閉じていない可能性があります`,
    en: (p) => `This row is too long (over ${p.limit} characters); a quote (") may be left open`,
    hint: () => '引用符を閉じるか、セル内の " を "" と書いてください / close the quote or write " as ""',
  },
  CSV_MALFORMED: {
    severity: 'error',
    ja: (p) => `CSV の書き方に誤りがあります (${p.reason})`,
    en: (p) => `Malformed CSV (${p.reason})`,
    hint: () => 'Excel で開いて保存し直してください / re-save the file in Excel',
  },
  TOO_MANY_ROWS: {
    severity: 'error',
    ja: (p) => `行が多すぎます (上限 ${p.limit} 行)`,
    en: (p) => `Too many rows (limit ${p.limit})`,
    hint: () => '表を分けてください / split the table',
  },
  TOO_MANY_COLUMNS: {
    severity: 'error',
    ja: (p) => `この行の列が多すぎます (${p.count} 列、上限 ${p.limit} 列)`,
    en: (p) => `This row has too many columns (${p.count}, limit ${p.limit})`,
    hint: () => '区切り文字と引用符を確認してください / check the delimiter and the quotes',
  },
  TOO_MANY_CELLS: {
    severity: 'error',
    ja: (p) => `セルの範囲が大きすぎます (上限 ${p.limit} セル。この行までに超えました)`,
    en: (p) => `The cell range is too large (limit ${p.limit} cells, passed at this row)`,
    hint: () =>
      '使っていない右端の列や下の行の値・書式を削除して保存し直すか、表を分けてください / delete values far to the right or below the table, re-save, or split the table',
  },
  CELL_TOO_LONG: {
    severity: 'error',
    ja: (p) => `セルの文字数が多すぎます (${p.length} 文字、上限 ${p.limit} 文字)`,
    en: (p) => `The cell text is too long (${p.length} characters, limit ${p.limit})`,
    hint: () => '引用符が閉じているか確認してください / check that quotes are closed',
  },
  TOO_MANY_SHEETS: {
    severity: 'error',
    ja: (p) => `シートが多すぎます (${p.count}、上限 ${p.limit})`,
    en: (p) => `Too many sheets (${p.count}, limit ${p.limit})`,
  },
  XLSX_FORMULA_NO_VALUE: {
    severity: 'warning',
    ja: (p) => `数式の計算結果が保存されていません (このシートで ${p.count} セル)`,
    en: (p) => `Formula results are not saved in the file (${p.count} cells in this sheet)`,
    hint: () => 'Excel で開いて再計算し、保存し直してください / open in Excel, recalculate and save',
  },
  XLSX_MERGED_HIDDEN_VALUE: {
    severity: 'warning',
    ja: (p) => `結合セル (${p.range}) の左上以外に値「${p.raw}」があり、読み飛ばしました`,
    en: (p) => `A merged range (${p.range}) has a value '${p.raw}' outside its top-left cell; it was skipped`,
  },
  XLSX_SHARED_STRING_MISSING: {
    severity: 'warning',
    ja: (p) => `共有文字列 ${p.index} 番がありません (空として読みました)`,
    en: (p) => `Shared string #${p.index} is missing (read as empty)`,
  },
  JSON_INVALID: {
    severity: 'error',
    ja: (p) => `JSON として読めません (${p.reason})`,
    en: (p) => `Cannot read the file as JSON (${p.reason})`,
    hint: () =>
      'JSON の文法を確認し、Sousei が書き出したファイル (sousei export-db・backup など) はそのまま指定してください / check the JSON; give a file Sousei wrote (sousei export-db, backup, ...) as it is',
  },
  ISSUES_TRUNCATED: {
    severity: 'info',
    ja: (p) => `同じ種類 (${p.code}) の警告がほかに ${p.count} 件あります`,
    en: (p) => `${p.count} more warnings of the same kind (${p.code})`,
  },
} satisfies Record<string, Entry>;

/** A stable code of the file adapters. */
export type ImportIssueCode = keyof typeof catalogue;

/**
 * Builds the Issue for `code` at `place`.
 *
 * @example importIssue('FILE_EMPTY', { file: 'kpi.csv' })
 *   // { code: 'FILE_EMPTY', severity: 'error', message: 'ファイルが空です', messageEn: 'The file is empty', ..., cell: null }
 * @example importIssue('CELL_TOO_LONG', { file: 'a.xlsx', sheet: 'S', row: 3, column: 2 }, { length: 40000, limit: 32767 }).cell // 'B3'
 */
export function importIssue(code: ImportIssueCode, place: Place | null, params: Params = {}): Issue {
  const entry: Entry = catalogue[code];
  return {
    code,
    severity: entry.severity,
    message: entry.ja(params),
    messageEn: entry.en(params),
    place,
    hint: entry.hint ? entry.hint(params) : null,
    cell:
      place?.sheet && place.row != null && place.column != null ? cellAddress(place.row, place.column) : null,
  };
}

/**
 * Collects issues, keeping at most `maxPerKind` of each code per file and summarising the rest
 * in one ISSUES_TRUNCATED line, so that a broken file does not print a million warnings.
 */
export class IssueSink {
  readonly issues: Issue[] = [];
  private readonly counts = new Map<string, number>();
  constructor(private readonly maxPerKind: number) {}

  add(issue: Issue): void {
    const key = `${issue.place?.file ?? ''}\u0000${issue.code}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n <= this.maxPerKind) this.issues.push(issue);
  }

  get hasError(): boolean {
    return this.issues.some((i) => i.severity === 'error');
  }

  /** The collected issues plus one summary line per code that went over the cap. */
  finish(): Issue[] {
    const out = [...this.issues];
    for (const [key, n] of this.counts) {
      if (n <= this.maxPerKind) continue;
      const [file, code] = key.split('\u0000') as [string, string];
      out.push(importIssue('ISSUES_TRUNCATED', { file: file || null }, { code, count: n - this.maxPerKind }));
    }
    return out;
  }
}
