import type { Kysely } from 'kysely';
import { databaseAnswers } from '../../store/db.ts';
import type { Database } from '../../store/schema.ts';

/** Whether the service can work: the database answers. */
export async function databaseReachable(db: Kysely<Database>): Promise<boolean> {
  return databaseAnswers(db);
}
