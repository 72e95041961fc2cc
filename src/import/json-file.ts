import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Issue, Result } from '../core/issue.ts';
import { importIssue } from './import-issues.ts';
import { type ImportLimits, withLimits } from './limits.ts';

/**
 * A JSON document handed to Sousei as a file (a database dump to restore: `sousei import-db`), read
 * through the same door as the other inputs: its size checked against `maxJsonBytes` before it is
 * read, UTF-8 (a BOM allowed), and every failure an Issue naming the file and the fix.
 */

/**
 * Parses bytes as one JSON document.
 *
 * @example readJsonBytes(new TextEncoder().encode('{"a":1}'), 'dump.json') // { ok: true, value: { a: 1 }, issues: [] }
 */
export function readJsonBytes(
  bytes: Uint8Array,
  name: string,
  limits: Partial<ImportLimits> = {},
): Result<unknown> {
  const file = basename(name);
  const max = withLimits(limits).maxJsonBytes;
  if (bytes.length > max)
    return refused(importIssue('FILE_TOO_LARGE', { file }, { size: bytes.length, limit: max }));
  if (bytes.length === 0) return refused(importIssue('FILE_EMPTY', { file }));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return refused(importIssue('JSON_INVALID', { file }, { reason: 'not UTF-8 text' }));
  }
  try {
    return { ok: true, value: JSON.parse(text), issues: [] };
  } catch (err) {
    return refused(
      importIssue('JSON_INVALID', { file }, { reason: String((err as Error).message).slice(0, 200) }),
    );
  }
}

/**
 * Reads a JSON file from disk, refusing one over the limit before reading it.
 *
 * @example await readJsonFile('backups/sousei-backup-20250601T000000Z.json')
 */
export async function readJsonFile(
  path: string,
  limits: Partial<ImportLimits> = {},
): Promise<Result<unknown>> {
  const file = basename(path);
  const max = withLimits(limits).maxJsonBytes;
  try {
    const st = await stat(path);
    if (!st.isFile())
      return refused(importIssue('FILE_UNREADABLE', { file }, { reason: 'not a regular file' }));
    if (st.size > max) return refused(importIssue('FILE_TOO_LARGE', { file }, { size: st.size, limit: max }));
    return readJsonBytes(await readFile(path), path, limits);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT') return refused(importIssue('FILE_NOT_FOUND', { file }));
    return refused(importIssue('FILE_UNREADABLE', { file }, { reason: code ?? String(err).slice(0, 200) }));
  }
}

function refused(issue: Issue): Result<never> {
  return { ok: false, issues: [issue] };
}
