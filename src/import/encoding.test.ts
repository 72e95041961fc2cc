import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../core/issue.ts';
import { decodePieces, normalizeEncodingName, planDecoding } from './encoding.ts';

const TEXT = '基本目標\t重要業績評価指標\n①新規求人数\t1,563件 (R1)\n㈱髙橋製作所\t△236人\n';

function decodeAll(bytes: Uint8Array, forced?: string): { text: string; encoding: string; issues: Issue[] } {
  const plan = planDecoding(bytes, 'x.txt', forced);
  if (!plan.ok) throw new Error(plan.issues[0]?.code);
  const issues: Issue[] = [...plan.issues];
  let text = '';
  for (const piece of decodePieces(bytes, plan.value, 'x.txt', issues)) {
    text += typeof piece === 'string' ? piece : new TextDecoder().decode(piece);
  }
  return { text, encoding: plan.value.encoding, issues };
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('encoding detection', () => {
  it('reads UTF-8 without a BOM', () => {
    const r = decodeAll(Buffer.from(TEXT, 'utf8'));
    expect(r).toEqual({ text: TEXT, encoding: 'utf-8', issues: [] });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const r = decodeAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe(TEXT);
  });

  it('reads Shift_JIS as CP932 (NEC and IBM extensions such as ① ㈱ 髙)', () => {
    const r = decodeAll(iconv.encode(TEXT, 'cp932'));
    expect(r).toEqual({ text: TEXT, encoding: 'shift_jis', issues: [] });
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text")', () => {
    const r = decodeAll(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')]));
    expect(r).toEqual({ text: TEXT, encoding: 'utf-16le', issues: [] });
  });

  it('reads UTF-16BE with a BOM', () => {
    const r = decodeAll(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')]));
    expect(r).toEqual({ text: TEXT, encoding: 'utf-16be', issues: [] });
  });

  it('recognises UTF-16LE without a BOM from its zero bytes', () => {
    const r = decodeAll(iconv.encode('KPI\tvalue\n1\t2\n', 'utf-16le'));
    expect(r.encoding).toBe('utf-16le');
    expect(r.text).toBe('KPI\tvalue\n1\t2\n');
  });

  it('warns when a UTF-16 file has an odd length', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode('ab', 'utf-16le'),
      Buffer.from([0x41]),
    ]);
    expect(decodeAll(bytes).issues.map((i) => i.code)).toEqual(['ENCODING_TRUNCATED']);
  });

  it('lets the user force an encoding, by any common name', () => {
    const bytes = iconv.encode('ｶﾀｶﾅ', 'cp932');
    expect(decodeAll(bytes, 'Windows-31J').text).toBe('ｶﾀｶﾅ');
    expect(decodeAll(Buffer.from('ok'), 'UTF8').encoding).toBe('utf-8');
    expect(normalizeEncodingName('SJIS')).toBe('shift_jis');
    expect(normalizeEncodingName('cp932')).toBe('shift_jis');
    expect(normalizeEncodingName('EUC-JP')).toBe('euc-jp');
    expect(normalizeEncodingName('klingon')).toBeNull();
  });

  it('refuses an unknown forced encoding with ENCODING_UNKNOWN naming the file', () => {
    const r = planDecoding(Buffer.from('a'), 'kpi.csv', 'klingon');
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({
      code: 'ENCODING_UNKNOWN',
      severity: 'error',
      place: { file: 'kpi.csv' },
    });
  });

  it('warns about mixed UTF-8 and Shift_JIS lines, naming the first odd line, and decodes each line right', () => {
    const bytes = Buffer.concat([
      Buffer.from('目標,値\n新規求人数,1563\n'),
      iconv.encode('転入者数,①\n', 'cp932'),
      Buffer.from('合計特殊出生率,1.28\n'),
    ]);
    const r = decodeAll(bytes);
    expect(r.text).toBe('目標,値\n新規求人数,1563\n転入者数,①\n合計特殊出生率,1.28\n');
    expect(r.encoding).toBe('utf-8');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({
      code: 'ENCODING_MIXED',
      severity: 'warning',
      place: { file: 'x.txt', row: 3 },
    });
  });

  it('names the first line with bytes invalid in a forced encoding', () => {
    const bytes = Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0x82, 0x0a])]);
    const r = decodeAll(bytes, 'shift_jis');
    expect(r.issues[0]).toMatchObject({ code: 'ENCODING_INVALID_BYTES', place: { row: 3 } });
  });

  it('reads bytes that are valid UTF-8 and valid Shift_JIS alike as UTF-8 unless told otherwise', () => {
    const bytes = iconv.encode('ﾅｶ', 'cp932');
    expect(decodeAll(bytes).text).toBe('Ŷ');
    expect(decodeAll(bytes, 'shift_jis').text).toBe('ﾅｶ');
  });

  it('round-trips any text through each encoding it can represent (property)', () => {
    const chars = fc.constantFrom(...'あいう漢字①㈱髙ｶﾅabc,\t\n"0123456789△▲％'.split(''));
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 200 }).map((a) => a.join('')),
        (text) => {
          expect(decodeAll(Buffer.from(text)).text).toBe(text);
          expect(
            decodeAll(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')])).text,
          ).toBe(text);
          const sjisBytes = iconv.encode(text, 'cp932');
          // Bytes that are valid UTF-8 as well (half-width katakana pairs such as ﾅｶ = C5 B6 = 'Ŷ')
          // are read as UTF-8, which is what detection prefers; force the encoding for those.
          // Detection decides line by line (mixed files), so one such line is enough.
          const ambiguous = lines(sjisBytes).some((l) => l.some((b) => b >= 0x80) && isValidUtf8(l));
          const sjis = ambiguous ? decodeAll(sjisBytes, 'shift_jis') : decodeAll(sjisBytes);
          expect(sjis.text).toBe(text);
        },
      ),
      { numRuns: 200, examples: [['ﾅｶ'], ['あ\nﾅ①']] },
    );
  });
});

/** The bytes of each line (split at LF, which no Shift_JIS trail byte can be). */
function lines(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++)
    if (i === bytes.length || bytes[i] === 0x0a) {
      out.push(bytes.subarray(start, i));
      start = i + 1;
    }
  return out;
}
