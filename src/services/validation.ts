import type { z } from 'zod';
import { formatJsonPath } from '../core/evaluation/json-path.ts';

/** One invalid field: its path (`indicators[3].target.value`) and what is wrong, in both languages. */
export interface FieldIssue {
  path: string;
  message: string;
  messageEn: string;
}

const JA: Record<string, string> = {
  invalid_type: '型が違います',
  unrecognized_keys: '知らない項目です',
  too_small: '小さすぎるか短すぎます',
  too_big: '大きすぎるか長すぎます',
  invalid_value: '許されない値です',
  invalid_format: '書式が違います',
  invalid_union: 'どの形にも当てはまりません',
  custom: '値が不正です',
};

/** Zod issues → field issues with Japanese and English messages. */
export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [null];
    for (const key of keys) {
      const path = [...prefix, ...issue.path, ...(key != null ? [key] : [])];
      const where = formatJsonPath(path) || '(本文)';
      out.push({
        path: formatJsonPath(path),
        message: `${where}: ${JA[issue.code] ?? '値が不正です'}`,
        messageEn: `${formatJsonPath(path) || '(body)'}: ${issue.message}`,
      });
    }
  }
  return out;
}

/**
 * The first string in a parsed JSON value (or query) that holds a NUL character or a lone UTF-16
 * surrogate, with its path. PostgreSQL refuses NUL in text and a lone surrogate cannot be stored
 * as UTF-8, so both are refused at the door on every database alike, naming the field.
 * Example: `unsafeText({ name: 'a\u0000b' }, [])` → `{ path: 'name', kind: 'nul' }`.
 */
export function unsafeText(
  value: unknown,
  prefix: (string | number)[],
): { path: string; kind: 'nul' | 'surrogate' } | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: prefix }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const kind = badCharacter(v);
      if (kind) return { path: formatJsonPath(path), kind };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const keyKind = badCharacter(k);
        if (keyKind) return { path: formatJsonPath([...path, k]), kind: keyKind };
        stack.push({ v: child, path: [...path, k] });
      }
    }
  }
  return null;
}

function badCharacter(s: string): 'nul' | 'surrogate' | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return 'nul';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return 'surrogate';
    } else if (c >= 0xdc00 && c <= 0xdfff) return 'surrogate';
  }
  return null;
}

/** The field issue for `unsafeText`'s finding, in both languages. */
export function unsafeTextIssue(found: { path: string; kind: 'nul' | 'surrogate' }): FieldIssue {
  const where = found.path || '(本文)';
  return found.kind === 'nul'
    ? {
        path: found.path,
        message: `${where}: NUL 文字 (U+0000) は使えません。その文字を削除してください`,
        messageEn: `${found.path || '(body)'}: NUL characters (U+0000) are not allowed; remove it`,
      }
    : {
        path: found.path,
        message: `${where}: 壊れた文字 (対になっていないサロゲート) が含まれています。その文字を入力し直してください`,
        messageEn: `${found.path || '(body)'}: holds a lone UTF-16 surrogate (a broken character); retype it`,
      };
}
