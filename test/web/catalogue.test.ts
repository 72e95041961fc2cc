import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue, type MessageKey, translate } from '../../web/src/i18n/catalogue.ts';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** English entries allowed to hold Japanese: the switch to Japanese and examples of Japanese input. */
const JAPANESE_IN_ENGLISH = new Set<MessageKey>(['language', 'searchExample', 'tagsList']);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogue', () => {
  const keys = Object.keys(catalogue) as MessageKey[];

  it('has a Japanese and an English entry for every key, with the same placeholders', () => {
    expect(keys.length).toBeGreaterThan(100);
    for (const key of keys) {
      const ja = translate(key, 'ja');
      const en = translate(key, 'en');
      expect(ja.trim(), `${key} (ja)`).not.toBe('');
      expect(en.trim(), `${key} (en)`).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(ja));
    }
  });

  it('writes the English entries in English', () => {
    for (const key of keys)
      if (!JAPANESE_IN_ENGLISH.has(key)) expect(translate(key, 'en'), key).not.toMatch(CJK);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('savedN', 'ja', { n: 3 })).toBe('3件を保存しました');
    expect(translate('savedN', 'en', { n: 3 })).toBe('Saved 3');
    expect(translate('savedN', 'en', {})).toBe('Saved {n}');
  });

  it('is the only source of Japanese text in the pages (no hard-coded Japanese in JSX text)', () => {
    // Text nodes between tags and string literals in attributes that are shown to the user.
    const root = new URL('../../web/src/', import.meta.url).pathname;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.tsx')) files.push(path);
      }
    };
    walk(root);
    const offenders: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line
          .replace(/\/\/.*$/, '')
          .replace(/^\s*\*.*$/, '')
          .replace(/\/\*\*.*$/, '');
        if (CJK.test(code)) offenders.push(`${file.slice(root.length)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
