import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Kysely, SqliteDialect, sql } from '../../src/store/kysely.ts';
import { withStatementCache } from '../../src/store/sqlite-statements.ts';

/** A database whose `prepare` calls are counted. */
function counted(): { database: SQLite.Database; prepared: string[] } {
  const database = new SQLite(':memory:');
  const prepared: string[] = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((text: string) => {
    prepared.push(text);
    return prepare(text);
  }) as typeof database.prepare;
  return { database, prepared };
}

describe('SQLite prepared statements kept by SQL text', () => {
  it('prepares a query once and answers it correctly each time through Kysely', async () => {
    const { database, prepared } = counted();
    const db = new Kysely<{ t: { a: number; b: string } }>({
      dialect: new SqliteDialect({ database: withStatementCache(database) }),
    });
    await sql`create table t (a integer, b text)`.execute(db);
    for (let i = 0; i < 5; i++)
      await db
        .insertInto('t')
        .values({ a: i, b: `b${i}` })
        .execute();
    const read = (a: number) => db.selectFrom('t').select('b').where('a', '=', a).executeTakeFirst();
    expect(await read(1)).toEqual({ b: 'b1' });
    expect(await read(4)).toEqual({ b: 'b4' });
    expect(await read(9)).toBeUndefined();
    const selects = prepared.filter((p) => p.startsWith('select "b"'));
    expect(selects).toHaveLength(1);
    expect(prepared.filter((p) => p.startsWith('insert'))).toHaveLength(1);
    await db.destroy();
  });

  it('drops the least recently used beyond its size and prepares it again when asked', () => {
    const { database, prepared } = counted();
    const cache = withStatementCache(database, 2);
    cache.prepare('select 1');
    cache.prepare('select 2');
    cache.prepare('select 1'); // now the most recent
    cache.prepare('select 3'); // drops 'select 2'
    cache.prepare('select 1');
    cache.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
    cache.close();
  });

  it('gives a fresh statement while a stream still reads the kept one', () => {
    const { database } = counted();
    const cache = withStatementCache(database);
    const text = 'select 1 as a union all select 2';
    const first = cache.prepare(text);
    const reading = first.iterate([]);
    expect(reading.next().value).toEqual({ a: 1 });
    const second = cache.prepare(text);
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(reading.next().value).toEqual({ a: 2 });
    reading.return?.();
    expect(cache.prepare(text)).toBe(first);
    cache.close();
  });

  it('follows schema changes made after a statement was kept', async () => {
    const database = new SQLite(':memory:');
    const db = new Kysely<{ t: { a: number } }>({
      dialect: new SqliteDialect({ database: withStatementCache(database) }),
    });
    await sql`create table t (a integer)`.execute(db);
    await db.insertInto('t').values({ a: 1 }).execute();
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ a: 1 }]);
    await sql`alter table t add column b integer default 7`.execute(db);
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ a: 1, b: 7 }]);
    await db.destroy();
  });
});
