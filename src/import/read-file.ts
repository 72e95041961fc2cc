import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import CFB from 'cfb';
import type { GridSheet, GridWorkbook } from '../core/import/grid.ts';
import type { Issue, Result } from '../core/issue.ts';
import { type ByteSource, bufferSource, fileSource } from './byte-source.ts';
import { readDelimited } from './delimited.ts';
import { importIssue } from './import-issues.ts';
import { type ImportLimits, withLimits } from './limits.ts';
import { readXlsx, type XlsxOptions } from './xlsx.ts';

/**
 * Files → GridWorkbook: the entry point of the file adapters. The kind of a file is decided by
 * its first bytes (zip, OLE compound file, PDF, text) and then its extension, so a workbook
 * renamed `.csv` is still read as a workbook and a password-protected `.xlsx` (an OLE file) is
 * named as such. Every expected failure comes back as an Issue; nothing is thrown.
 */
export interface ReadOptions {
  /** Force the encoding of text files (`shift_jis`, `utf-8`, `utf-16le`, ...). */
  encoding?: string | null;
  limits?: Partial<ImportLimits>;
  /** Workbooks: read only these sheets (XlsxOptions.sheets). */
  sheets?: readonly string[];
  /** Workbooks: General numbers at full value (XlsxOptions.fullPrecision). */
  fullPrecision?: boolean;
}

export type FileKind = 'xlsx' | 'ole' | 'delimited' | 'unsupported';

const XLSX_EXT = new Set(['.xlsx', '.xlsm', '.xltx', '.xltm']);
const UNSUPPORTED_EXT: Record<string, string> = {
  '.ods': 'OpenDocument (.ods)',
  '.numbers': 'Numbers',
  '.pdf': 'PDF',
  '.docx': 'Word (.docx)',
  '.doc': 'Word (.doc)',
  '.xlsb': 'Excel binary (.xlsb)',
  '.json': 'JSON',
};

/**
 * The kind of a file from its first bytes and its extension.
 *
 * @example sniffKind(Buffer.from('PK\x03\x04'), '.csv') // { kind: 'xlsx', format: null }
 * @example sniffKind(Buffer.from('%PDF-1.7'), '.pdf') // { kind: 'unsupported', format: 'PDF' }
 */
export function sniffKind(head: Uint8Array, ext: string): { kind: FileKind; format: string | null } {
  const startsWith = (bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (startsWith([0x50, 0x4b, 0x03, 0x04]) || startsWith([0x50, 0x4b, 0x05, 0x06])) {
    if (ext === '.ods' || ext === '.docx' || ext === '.numbers')
      return { kind: 'unsupported', format: UNSUPPORTED_EXT[ext]! };
    return { kind: 'xlsx', format: null };
  }
  if (startsWith([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'ole', format: null };
  if (startsWith([0x25, 0x50, 0x44, 0x46])) return { kind: 'unsupported', format: 'PDF' };
  if (UNSUPPORTED_EXT[ext]) return { kind: 'unsupported', format: UNSUPPORTED_EXT[ext]! };
  if (XLSX_EXT.has(ext)) return { kind: 'xlsx', format: null }; // not a zip: the XLSX reader says so
  if (ext === '.xls') {
    const text = new TextDecoder('latin1').decode(head.subarray(0, 64)).trimStart().toLowerCase();
    if (text.startsWith('<')) return { kind: 'unsupported', format: 'HTML/XML (.xls)' };
    return { kind: 'ole', format: null };
  }
  return { kind: 'delimited', format: null };
}

/** What one file gave. */
export interface FileGrid {
  sheets: GridSheet[];
  encoding: string | null;
}

/**
 * Reads one file from disk. XLSX is streamed from the file; text files are read whole (up to
 * `maxFileBytes`) and decoded once.
 *
 * @example await readFile('data/kpi.xlsx') // { ok: true, value: { sheets: [...], encoding: null }, issues: [] }
 */
export async function readFile(path: string, options: ReadOptions = {}): Promise<Result<FileGrid>> {
  const file = basename(path);
  const limits = withLimits(options.limits);
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) {
      return {
        ok: false,
        issues: [importIssue('FILE_UNREADABLE', { file }, { reason: 'not a regular file' })],
      };
    }
    size = st.size;
  } catch (err) {
    return { ok: false, issues: [fsIssue(err, file)] };
  }
  if (size > limits.maxFileBytes) {
    return {
      ok: false,
      issues: [importIssue('FILE_TOO_LARGE', { file }, { size, limit: limits.maxFileBytes })],
    };
  }
  let source: ByteSource;
  try {
    source = await fileSource(path);
  } catch (err) {
    return { ok: false, issues: [fsIssue(err, file)] };
  }
  try {
    return await readSource(source, file, extname(path).toLowerCase(), options, limits);
  } catch (err) {
    return { ok: false, issues: [importIssue('FILE_UNREADABLE', { file }, { reason: errorText(err) })] };
  } finally {
    await source.close().catch(() => {});
  }
}

/**
 * Reads bytes already in memory as if they were the file `name` (tests, fuzzing, uploads).
 *
 * @example await readBytes(Buffer.from('a,b\n1,2\n'), 'kpi.csv')
 */
export async function readBytes(
  bytes: Uint8Array,
  name: string,
  options: ReadOptions = {},
): Promise<Result<FileGrid>> {
  const file = basename(name);
  const limits = withLimits(options.limits);
  if (bytes.length > limits.maxFileBytes) {
    return {
      ok: false,
      issues: [importIssue('FILE_TOO_LARGE', { file }, { size: bytes.length, limit: limits.maxFileBytes })],
    };
  }
  try {
    return await readSource(bufferSource(bytes), file, extname(name).toLowerCase(), options, limits);
  } catch (err) {
    return { ok: false, issues: [importIssue('FILE_UNREADABLE', { file }, { reason: errorText(err) })] };
  }
}

async function readSource(
  source: ByteSource,
  file: string,
  ext: string,
  options: ReadOptions,
  limits: ImportLimits,
): Promise<Result<FileGrid>> {
  const encoding = options.encoding ?? null;
  if (source.size === 0) return { ok: false, issues: [importIssue('FILE_EMPTY', { file })] };
  const head = await source.read(0, 64);
  const { kind, format } = sniffKind(head, ext);
  const notes: Issue[] = [];
  if (kind === 'xlsx' && !XLSX_EXT.has(ext) && ext !== '.xls' && head[0] === 0x50) {
    notes.push(importIssue('FORMAT_MISMATCH', { file }, { ext: ext || '(none)', actual: 'XLSX' }));
  }
  switch (kind) {
    case 'unsupported':
      return { ok: false, issues: [importIssue('FORMAT_UNSUPPORTED', { file }, { format: format ?? ext })] };
    case 'ole':
      return { ok: false, issues: [oleIssue(await source.read(0, source.size), file)] };
    case 'xlsx': {
      if (head[0] !== 0x50) {
        return { ok: false, issues: [importIssue('XLSX_CORRUPT', { file }, { reason: 'not a zip file' })] };
      }
      const xlsx: XlsxOptions = { limits };
      if (options.sheets) xlsx.sheets = options.sheets;
      if (options.fullPrecision) xlsx.fullPrecision = true;
      const r = await readXlsx(source, file, xlsx);
      return r.ok
        ? { ok: true, value: { sheets: r.value, encoding: null }, issues: [...notes, ...r.issues] }
        : { ok: false, issues: [...notes, ...r.issues] };
    }
    default: {
      const bytes = await source.read(0, source.size);
      const r = await readDelimited(bytes, file, { encoding, ext, limits });
      return r.ok
        ? { ok: true, value: { sheets: [r.value.sheet], encoding: r.value.encoding }, issues: r.issues }
        : r;
    }
  }
}

/** An OLE compound file: a password-protected OOXML file, or a legacy .xls (or another Office file). */
function oleIssue(bytes: Uint8Array, file: string): Issue {
  let names: string[];
  try {
    const cfb = CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), { type: 'buffer' });
    names = cfb.FileIndex.map((e) => e.name);
  } catch (err) {
    return importIssue('XLSX_CORRUPT', { file }, { reason: `OLE: ${errorText(err)}` });
  }
  if (names.includes('EncryptionInfo') || names.includes('EncryptedPackage')) {
    return importIssue('XLSX_ENCRYPTED', { file });
  }
  if (names.includes('Workbook') || names.includes('Book')) return importIssue('XLS_LEGACY', { file });
  return importIssue('FORMAT_UNSUPPORTED', { file }, { format: 'OLE (Word/PowerPoint?)' });
}

function fsIssue(err: unknown, file: string): Issue {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return importIssue('FILE_NOT_FOUND', { file });
  return importIssue('FILE_UNREADABLE', { file }, { reason: code ?? errorText(err) });
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}

/**
 * Reads several files into one GridWorkbook; every file is read and every issue collected, and
 * the result is ok only when every file could be read (no partial workbook).
 *
 * @example await readFiles(['kpi.xlsx', 'actuals.csv'], { encoding: 'shift_jis' })
 */
export async function readFiles(paths: string[], options: ReadOptions = {}): Promise<Result<GridWorkbook>> {
  const sheets: GridSheet[] = [];
  const encodings: Record<string, string | null> = {};
  const issues: Issue[] = [];
  let ok = true;
  for (const path of paths) {
    const r = await readFile(path, options);
    issues.push(...r.issues);
    if (!r.ok) {
      ok = false;
      continue;
    }
    sheets.push(...r.value.sheets);
    encodings[basename(path)] = r.value.encoding;
  }
  return ok ? { ok: true, value: { sheets, encodings }, issues } : { ok: false, issues };
}
