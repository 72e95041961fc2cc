import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * An SQLite database as Kysely's dialect sees it, keeping its prepared statements by SQL text.
 * Kysely prepares every query anew, and preparing is the largest single cost of a small read
 * (more than running it). A statement is reused only on the one connection Kysely serializes its
 * queries through, and never while a stream still reads it (`busy`); the least recently used is dropped beyond `size`
 * (texts differ with the length of an `in (…)` list). A statement outlives schema changes: SQLite
 * prepares it again itself when the schema it was compiled against has changed.
 */
export function withStatementCache(database: SQLite.Database, size = 256): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sqlText) {
      const kept = statements.get(sqlText);
      // One still being read by an unfinished stream cannot run again: use a fresh one then.
      if (kept?.busy) return database.prepare(sqlText);
      if (kept) {
        statements.delete(sqlText);
        statements.set(sqlText, kept);
        return kept;
      }
      const statement = database.prepare(sqlText);
      statements.set(sqlText, statement);
      if (statements.size > size) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
