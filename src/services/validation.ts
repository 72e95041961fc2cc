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
