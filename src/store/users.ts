import { newId } from './ids.ts';
import type { UserTable } from './schema.ts';
import type { Executor } from './versioned.ts';

/** A user (職員). Accounts and roles come with the accounts issue; the table is ready. */
export interface User {
  id: string;
  municipalityId: string | null;
  departmentId: string | null;
  name: string;
  email: string | null;
  role: string;
  version: number;
}

export function toUser(row: UserTable): User {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    departmentId: row.department_id,
    name: row.name,
    email: row.email,
    role: row.role,
    version: row.version,
  };
}

export async function insertUser(
  db: Executor,
  input: Omit<User, 'id' | 'version'> & { id?: string },
  now: string,
): Promise<User> {
  const row: UserTable = {
    id: input.id ?? newId(),
    municipality_id: input.municipalityId,
    department_id: input.departmentId,
    name: input.name,
    email: input.email,
    role: input.role,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

export async function getUser(db: Executor, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}
