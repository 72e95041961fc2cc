/**
 * SQL lives in src/store only: no other source file builds a query (Kysely's selectFrom,
 * insertInto, updateTable, deleteFrom, or raw `sql`); services compose store calls. (Routes
 * importing the store at all is a dependency-cruiser rule.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Query building: a Kysely query start, or raw SQL (a tagged template or its import). */
const SQL =
  /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(<[^>]*>)?`|import \{[^}]*\bsql\b[^}]*\} from/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

describe('SQL only in src/store', () => {
  const withSql = sources(join(ROOT, 'src'))
    .map((f) => relative(ROOT, f).split('\\').join('/'))
    .filter((f) => !f.startsWith('src/store/'))
    .filter((f) => SQL.test(readFileSync(join(ROOT, f), 'utf8')))
    .sort();

  it('no file outside src/store builds SQL', () => {
    expect(withSql).toEqual([]);
  });

  it('recognizes query building', () => {
    for (const code of [
      "await db.selectFrom('x').selectAll().execute()",
      "trx.insertInto('x').values(row)",
      'await sql`select 1`.execute(db)',
      'sql<{ n: number }>`select 1`',
      "import { Kysely, sql } from 'kysely';",
    ])
      expect(SQL.test(code), code).toBe(true);
    for (const code of ["import type { Kysely } from 'kysely';", 'const selectFromList = 1;', 'sqlText("x")'])
      expect(SQL.test(code), code).toBe(false);
  });
});

/**
 * Size: no source file in src/ or web/src over MAX_LINES lines, no function over MAX_FUNCTION_LINES.
 * Migrations and data lists are aside (DATA). The entries of TOO_BIG are today's offenders, each
 * with why it is still whole; the list may only shrink (split a file or function when you touch
 * it, then drop its entry: an entry that no longer exceeds the limit fails too).
 */
const MAX_LINES = 500;
const MAX_FUNCTION_LINES = 120;

/** Not code to split: migrations (history, never edited) and data lists. */
const DATA = [
  /^src\/store\/migrations\//,
  /^src\/services\/accounts\/auth-common-passwords\.ts$/,
  /^web\/src\/i18n\/catalogue\.ts$/,
];

/**
 * Today's offenders: a file (`path`) or a function (`path#name`, nested functions as `outer/inner`,
 * unnamed ones as `outer/(anonymous)`) → why it is still over the limit.
 */
const TOO_BIG: Record<string, string> = {
  'src/store/schema.ts': 'the row types of every table, one interface each: a declaration list',
};

function sizeSources(): string[] {
  return ['src', 'web/src']
    .flatMap((d) => sources(join(ROOT, d)))
    .map((f) => relative(ROOT, f).split('\\').join('/'))
    .filter((f) => !DATA.some((re) => re.test(f)))
    .sort();
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** The functions of a file longer than `max` lines, by their names (see TOO_BIG). */
function longFunctions(file: string, text: string, max: number): { name: string; lines: number }[] {
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const out: { name: string; lines: number }[] = [];
  const nameOf = (node: ts.Node): string => {
    const named = node as { name?: ts.Node };
    if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name))) return named.name.text;
    const p = node.parent;
    if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
    if (p && ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))
      return p.name.text;
    return '(anonymous)';
  };
  const visit = (node: ts.Node, path: string[]) => {
    let inner = path;
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)
    ) {
      inner = [...path, ts.isConstructorDeclaration(node) ? 'constructor' : nameOf(node)];
      const from = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const to = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (to - from + 1 > max) out.push({ name: inner.join('/'), lines: to - from + 1 });
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sf, []);
  return out;
}

describe('size: files and functions stay small', () => {
  const files = sizeSources().map((f) => ({ f, text: readFileSync(join(ROOT, f), 'utf8') }));
  const offenders = new Map<string, number>();
  for (const { f, text } of files) {
    const n = lineCount(text);
    if (n > MAX_LINES) offenders.set(f, n);
    for (const fn of longFunctions(f, text, MAX_FUNCTION_LINES)) offenders.set(`${f}#${fn.name}`, fn.lines);
  }

  it(`no source file over ${MAX_LINES} lines, no function over ${MAX_FUNCTION_LINES}, but the listed ones`, () => {
    expect([...offenders].filter(([k]) => !(k in TOO_BIG)).map(([k, n]) => `${k} (${n} lines)`)).toEqual([]);
  });

  it('the list of offenders only shrinks', () => {
    expect(Object.keys(TOO_BIG).filter((k) => !offenders.has(k))).toEqual([]);
  });

  it('every exemption says why', () => {
    expect(Object.entries(TOO_BIG).filter(([, why]) => why.trim().length < 10)).toEqual([]);
  });

  it('measures functions, nested and unnamed ones included', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const code = [
      `export function outer() {\n${body(3)}\n  const inner = () => {\n${body(130)}\n  };\n}`,
      `class K {\n  method() {\n${body(125)}\n  }\n}`,
      `items.map((x) => {\n${body(121)}\n});`,
      `function small() {\n${body(100)}\n}`,
    ].join('\n');
    expect(longFunctions('x.ts', code, MAX_FUNCTION_LINES).map((f) => f.name)).toEqual([
      'outer',
      'outer/inner',
      'method',
      '(anonymous)',
    ]);
  });
});
