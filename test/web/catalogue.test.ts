import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/store/audit.ts';
import { catalogue, type MessageKey, translate } from '../../web/src/i18n/catalogue.ts';
import {
  AUDIT_ACTION_KEYS,
  AUDIT_ENTITY_KEYS,
  auditActionKey,
  auditEntityKey,
} from '../../web/src/lib/audit-labels.ts';

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

/** Every non-test TypeScript file of the services and the store (what writes the audit log). */
function serverSources(): { file: string; text: string }[] {
  const root = new URL('../../src/', import.meta.url).pathname;
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
        out.push({ file: path.slice(root.length), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(root, 'services'));
  walk(join(root, 'store'));
  return out;
}

const found = (pattern: RegExp) => {
  const out = new Map<string, string>();
  for (const { file, text } of serverSources()) for (const m of text.matchAll(pattern)) out.set(m[1]!, file);
  return out;
};

describe('audit labels (the indicator page history)', () => {
  it('labels every action the audit log may record, in Japanese and English', () => {
    // The store's list is what appendAudit accepts (tsc refuses any other string) ...
    const actions = new Set<string>(AUDIT_ACTIONS);
    // ... and every literal action the server writes is in it.
    const written = found(/\baction: '([a-z_]+)'(?: as const)?,/g);
    expect([...written.keys()]).toEqual(
      expect.arrayContaining(['create', 'exception_open', 'exception_close']),
    );
    for (const [action, file] of written) expect(actions.has(action), `${action} in ${file}`).toBe(true);
    for (const action of actions) {
      expect(AUDIT_ACTION_KEYS[action], `no label for action '${action}'`).toBeDefined();
      expect(translate(auditActionKey(action), 'ja')).toMatch(CJK);
    }
    expect(translate(auditActionKey('exception_open'), 'ja')).toBe('例外として再開');
  });

  it('labels every entity the server writes to the audit log', () => {
    const entities = new Map([...found(/\bentityType: '([\w-]+)'/g), ...found(/\baudit\('([\w-]+)'/g)]);
    expect([...entities.keys()]).toEqual(
      expect.arrayContaining([
        'observation',
        'reporting_round',
        'round_part',
        'round_exception',
        'period_transition',
      ]),
    );
    for (const [entity, file] of entities) {
      expect(AUDIT_ENTITY_KEYS[entity], `no label for entity '${entity}' (${file})`).toBeDefined();
      expect(translate(auditEntityKey({ entityType: entity }), 'ja')).toMatch(CJK);
    }
  });

  it('says which figure an observation entry changed, and marks late figures', () => {
    const label = (after: unknown) => translate(auditEntityKey({ entityType: 'observation', after }), 'ja');
    expect(label({ kind: 'target', raw: '100人' })).toBe('目標値');
    expect(label({ kind: 'baseline' })).toBe('基準値');
    expect(label({ kind: 'actual' })).toBe('実績値');
    expect(label({ kind: 'actual', source: 'late-entry', reason: '統計の公表遅れ' })).toBe(
      '遅れて届いた実績値',
    );
    expect(translate(auditEntityKey({ entityType: 'round_exception' }), 'ja')).toBe('確定後の例外');
    // An entry of a kind this build does not know still reads as words, never as a code.
    expect(translate(auditEntityKey({ entityType: 'something_new' }), 'ja')).toBe('その他');
    expect(translate(auditActionKey('something_new'), 'ja')).toBe('その他の操作');
  });
});
