/**
 * SQL lives in src/store only: no other source file builds a query (Kysely's selectFrom,
 * insertInto, updateTable, deleteFrom, or raw `sql`); services compose store calls. (Routes
 * importing the store at all is a dependency-cruiser rule.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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
