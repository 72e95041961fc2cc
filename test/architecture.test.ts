/**
 * SQL lives in src/store only: no other source file builds a query (Kysely's selectFrom,
 * insertInto, updateTable, deleteFrom, or raw `sql`). The files below still do, from before the
 * rule; the list may only shrink: a new file with SQL fails, and a listed file that no longer has
 * any must leave the list. (Routes importing the store at all is a dependency-cruiser rule.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Query building: a Kysely query start, or raw SQL (a tagged template or its import). */
const SQL =
  /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(<[^>]*>)?`|import \{[^}]*\bsql\b[^}]*\} from/;

/** Files outside src/store that still build SQL: move their queries into src/store, then drop them here. */
const NOT_YET_MOVED = [
  'src/api/access-scopes.ts',
  'src/cli/commands/config.ts',
  'src/cli/commands/serve.ts',
  'src/services/departments.ts',
  'src/services/import-document.ts',
  'src/services/indicators.ts',
  'src/services/observations.ts',
  'src/services/opinions.ts',
  'src/services/overrides.ts',
  'src/services/reports.ts',
  'src/services/scope.ts',
  'src/services/status-schemes.ts',
  'src/services/strategies.ts',
  'src/services/strategy-document.ts',
  'src/services/tag-sets.ts',
  'src/services/tokens.ts',
  'src/services/tree.ts',
  'src/services/users-demo.ts',
  'src/services/users.ts',
];

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

  it('no new file outside src/store builds SQL', () => {
    expect(withSql.filter((f) => !NOT_YET_MOVED.includes(f))).toEqual([]);
  });

  it('the list of files not yet moved only shrinks', () => {
    expect(NOT_YET_MOVED.filter((f) => !withSql.includes(f))).toEqual([]);
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
