import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { Issue, Result } from '../core/issue.ts';
import { importIssue } from './import-issues.ts';

/**
 * Text encodings of delimited files: detection, the user's `--encoding`, and decoding in pieces
 * (the whole text is never held as one more copy beside the bytes).
 *
 * Detection order: byte-order mark; UTF-16 without BOM (NUL bytes in every other position);
 * strict UTF-8 validation; else Shift_JIS (decoded as CP932, Windows' superset with ①, ㈱, 髙).
 * A file with valid UTF-8 lines and Shift_JIS lines is decoded line by line and gets an
 * ENCODING_MIXED warning naming the first line of the minority encoding.
 */

/** Names reported in GridWorkbook.encodings. */
export type EncodingName = 'utf-8' | 'shift_jis' | 'utf-16le' | 'utf-16be' | (string & {});

/** How the text of a file will be decoded. */
export interface DecodePlan {
  encoding: EncodingName;
  /** How it was chosen. */
  source: 'bom' | 'detected' | 'forced';
  /** Bytes skipped at the start (the byte-order mark). */
  bomLength: number;
  /** Present when the file mixes UTF-8 and Shift_JIS lines. */
  mixed: { main: EncodingName; other: EncodingName; firstOtherLine: number; otherLines: number } | null;
}

const BOMS: { bytes: number[]; encoding: EncodingName }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

const ALIASES: Record<string, EncodingName> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8',
  sjis: 'shift_jis',
  shiftjis: 'shift_jis',
  'shift-jis': 'shift_jis',
  shift_jis: 'shift_jis',
  'x-sjis': 'shift_jis',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  'windows-31j': 'shift_jis',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16': 'utf-16le',
  unicode: 'utf-16le',
  'ucs-2': 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  'euc-jp': 'euc-jp',
  eucjp: 'euc-jp',
};

/** The iconv-lite codec used for a reported name (Shift_JIS is read as CP932). */
function codec(name: EncodingName): string {
  return name === 'shift_jis' ? 'cp932' : name;
}

/**
 * Normalizes a user-given encoding name (`SJIS`, `cp932`, `Windows-31J` → `shift_jis`), or null
 * when iconv-lite does not know it.
 */
export function normalizeEncodingName(name: string): EncodingName | null {
  const key = name.trim().toLowerCase();
  const alias = ALIASES[key] ?? ALIASES[key.replace(/_/g, '-')];
  if (alias) return alias;
  return iconv.encodingExists(key) ? key : null;
}

/** Detects the encoding of `bytes`, or applies the forced one. */
export function planDecoding(bytes: Uint8Array, file: string, forced?: string | null): Result<DecodePlan> {
  const bom = BOMS.find((b) => b.bytes.every((x, i) => bytes[i] === x)) ?? null;
  if (forced) {
    const encoding = normalizeEncodingName(forced);
    if (!encoding)
      return { ok: false, issues: [importIssue('ENCODING_UNKNOWN', { file }, { name: forced })] };
    const bomLength = bom && bom.encoding === encoding ? bom.bytes.length : 0;
    return { ok: true, value: { encoding, source: 'forced', bomLength, mixed: null }, issues: [] };
  }
  if (bom) {
    return {
      ok: true,
      value: { encoding: bom.encoding, source: 'bom', bomLength: bom.bytes.length, mixed: null },
      issues: [],
    };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16)
    return {
      ok: true,
      value: { encoding: utf16, source: 'detected', bomLength: 0, mixed: null },
      issues: [],
    };
  if (isUtf8(bytes)) {
    return {
      ok: true,
      value: { encoding: 'utf-8', source: 'detected', bomLength: 0, mixed: null },
      issues: [],
    };
  }
  const mixed = classifyLines(bytes);
  if (mixed.utf8Lines > 0 && mixed.otherLines > 0) {
    const utf8Main = mixed.utf8Lines >= mixed.otherLines;
    const plan: DecodePlan = {
      encoding: utf8Main ? 'utf-8' : 'shift_jis',
      source: 'detected',
      bomLength: 0,
      mixed: utf8Main
        ? {
            main: 'utf-8',
            other: 'shift_jis',
            firstOtherLine: mixed.firstOther,
            otherLines: mixed.otherLines,
          }
        : { main: 'shift_jis', other: 'utf-8', firstOtherLine: mixed.firstUtf8, otherLines: mixed.utf8Lines },
    };
    const m = plan.mixed!;
    const issue = importIssue(
      'ENCODING_MIXED',
      { file, row: m.firstOtherLine },
      { main: m.main, other: m.other, line: m.firstOtherLine, more: m.otherLines - 1 },
    );
    return { ok: true, value: plan, issues: [issue] };
  }
  return {
    ok: true,
    value: { encoding: 'shift_jis', source: 'detected', bomLength: 0, mixed: null },
    issues: [],
  };
}

/** UTF-16 without a BOM: most code units of the first 4 KB have a zero high (or low) byte. */
function sniffUtf16(bytes: Uint8Array): EncodingName | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Counts lines (split at LF, which no Shift_JIS trail byte can be) that are UTF-8 or not. */
function classifyLines(bytes: Uint8Array): {
  utf8Lines: number;
  otherLines: number;
  firstUtf8: number;
  firstOther: number;
} {
  let utf8Lines = 0;
  let otherLines = 0;
  let firstUtf8 = 0;
  let firstOther = 0;
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const seg = bytes.subarray(start, end);
    if (!isAscii(seg)) {
      if (isUtf8(seg)) {
        utf8Lines++;
        if (!firstUtf8) firstUtf8 = line;
      } else {
        otherLines++;
        if (!firstOther) firstOther = line;
      }
    }
    start = end + 1;
  }
  return { utf8Lines, otherLines, firstUtf8, firstOther };
}

const PIECE = 1 << 20;

/**
 * Decodes `bytes` by `plan` in pieces of about 1 MB: Buffers of valid UTF-8 (the CSV parser
 * reads bytes), strings otherwise. Bytes that are not valid in the encoding become U+FFFD and
 * an ENCODING_INVALID_BYTES warning naming the first such line is pushed to `issues`.
 */
export function* decodePieces(
  bytes: Uint8Array,
  plan: DecodePlan,
  file: string,
  issues: Issue[],
): Generator<string | Uint8Array> {
  const body = bytes.subarray(plan.bomLength);
  if (plan.encoding === 'utf-8' && !plan.mixed && plan.source !== 'forced') {
    // Validated above: hand the bytes over without decoding them here.
    for (let i = 0; i < body.length; i += PIECE) yield body.subarray(i, i + PIECE);
    return;
  }
  let line = 1;
  let warned = false;
  const check = (text: string): string => {
    if (!warned) {
      const at = text.indexOf('\ufffd');
      if (at >= 0) {
        warned = true;
        issues.push(
          importIssue(
            'ENCODING_INVALID_BYTES',
            { file, row: line + countNewlines(text, 0, at) },
            { line: line + countNewlines(text, 0, at), encoding: plan.encoding },
          ),
        );
      }
    }
    line += countNewlines(text, 0, text.length);
    return text;
  };
  if (plan.mixed) {
    const utf8 = new TextDecoder('utf-8');
    let batch = '';
    for (let start = 0; start < body.length; ) {
      let end = body.indexOf(0x0a, start);
      end = end < 0 ? body.length : end + 1;
      const seg = body.subarray(start, end);
      batch += isUtf8(seg)
        ? utf8.decode(seg)
        : iconv.decode(Buffer.from(seg.buffer, seg.byteOffset, seg.length), 'cp932');
      if (batch.length >= PIECE) {
        yield check(batch);
        batch = '';
      }
      start = end;
    }
    if (batch) yield check(batch);
    return;
  }
  if ((plan.encoding === 'utf-16le' || plan.encoding === 'utf-16be') && body.length % 2 === 1) {
    issues.push(importIssue('ENCODING_TRUNCATED', { file }));
  }
  const decoder = iconv.getDecoder(codec(plan.encoding), { stripBOM: false });
  for (let i = 0; i < body.length; i += PIECE) {
    const chunk = body.subarray(i, i + PIECE);
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    if (text) yield check(text);
  }
  const rest = decoder.end();
  if (rest) yield check(rest);
}

/**
 * The decoded text of the first `maxBytes` bytes (for sniffing the delimiter and spotting binary
 * data); a character cut at the end is dropped.
 */
export function decodePrefix(bytes: Uint8Array, plan: DecodePlan, maxBytes = 64 * 1024): string {
  const slice = bytes.subarray(plan.bomLength, plan.bomLength + maxBytes);
  const buf = Buffer.from(slice.buffer, slice.byteOffset, slice.length);
  if (plan.encoding === 'utf-8' || plan.mixed)
    return new TextDecoder('utf-8').decode(buf).replace(/\ufffd$/, '');
  const decoder = iconv.getDecoder(codec(plan.encoding), { stripBOM: false });
  return decoder.write(buf);
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
