import type { Kysely } from 'kysely';
import { checkDump, countAllRows, type Dump, exportDump, restoreDump } from '../../store/dump.ts';
import type { Database } from '../../store/schema.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { fail, type Outcome, ok } from '../errors.ts';

/**
 * A complete dump of the database (backup), read in one repeatable-read transaction so that it is
 * a consistent snapshot even while others write.
 *
 * @example const dump = await exportDatabase(db, ctx); JSON.stringify(dump)
 */
export async function exportDatabase(db: Kysely<Database>, ctx: RequestContext): Promise<Dump> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => exportDump(trx, nowIso(ctx)));
}

/**
 * Restores a dump into an EMPTY database (freshly migrated), in one transaction: all rows or none.
 * Refuses a dump of another format or schema version, or a database that already holds data.
 */
export async function importDatabase(
  db: Kysely<Database>,
  _ctx: RequestContext,
  input: unknown,
): Promise<Outcome<Record<string, number>>> {
  const checked = checkDump(input);
  if (!checked.ok) {
    const p = checked.problem;
    return fail({
      code: p.code,
      message:
        p.code === 'DB_NOT_EMPTY'
          ? 'データベースが空ではありません'
          : p.code === 'DUMP_SCHEMA_MISMATCH'
            ? `バックアップのスキーマ版がこのプログラムと合いません (${p.detail})`
            : `バックアップファイルとして読めません (${p.detail})`,
      messageEn: `Cannot restore: ${p.detail}`,
      place: { field: 'dump' },
    });
  }
  return db.transaction().execute(async (trx) => {
    const existing = await countAllRows(trx);
    if (existing > 0)
      return fail<Record<string, number>>({
        code: 'DB_NOT_EMPTY',
        message: `復元先のデータベースに既にデータがあります (${existing}行)。空のデータベースに復元してください`,
        messageEn: `The target database already holds ${existing} rows; restore into an empty database`,
        place: null,
      });
    return ok(await restoreDump(trx, checked.dump));
  });
}
