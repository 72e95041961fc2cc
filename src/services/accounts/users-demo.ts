import type { Kysely } from 'kysely';
import { firstDepartmentId } from '../../store/departments.ts';
import type { Database } from '../../store/schema.ts';
import { insertUser, loginNamesTaken } from '../../store/users.ts';
import type { Role } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import type { AuthConfig } from './auth-config.ts';
import { hashPassword } from './auth-password.ts';

/**
 * The documented password of every demo account. Demo accounts exist only with the fictional
 * demo municipality; `sousei serve --no-demo` creates neither. Never use it for real accounts.
 */
export const DEMO_PASSWORD = 'midorino-demo-2026';

/** The demo accounts: one per role, user names `demo-<role>`, flagged `demo` (the UI shows a banner). */
export const DEMO_ACCOUNTS: { userName: string; name: string; role: Role }[] = [
  { userName: 'demo-admin', name: 'デモ 管理者', role: 'admin' },
  { userName: 'demo-planner', name: 'デモ 企画政策課', role: 'planner' },
  { userName: 'demo-editor', name: 'デモ 担当課', role: 'editor' },
  { userName: 'demo-committee', name: 'デモ 有識者', role: 'committee' },
  { userName: 'demo-viewer', name: 'デモ 閲覧者', role: 'viewer' },
];

/**
 * Creates the demo accounts for the demo municipality (the editor belongs to its first
 * department by name). Skips names that exist. One hash is shared by the five accounts (same
 * documented password), so loading costs one scrypt.
 */
export async function loadDemoAccounts(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: RequestContext,
  municipalityId: string,
): Promise<string[]> {
  const existing = await loginNamesTaken(
    db,
    DEMO_ACCOUNTS.map((a) => a.userName),
  );
  const todo = DEMO_ACCOUNTS.filter((a) => !existing.has(a.userName));
  if (todo.length === 0) return [];
  const deptId = await firstDepartmentId(db, municipalityId);
  const passwordHash = await hashPassword(DEMO_PASSWORD, config.scrypt);
  const now = nowIso(ctx);
  await db.transaction().execute(async (trx) => {
    for (const a of todo)
      await insertUser(
        trx,
        {
          municipalityId: a.role === 'admin' ? null : municipalityId,
          departmentIds: a.role === 'editor' && deptId ? [deptId] : [],
          name: a.name,
          loginName: a.userName,
          email: null,
          role: a.role,
          passwordHash,
          demo: true,
        },
        now,
      );
  });
  return todo.map((a) => a.userName);
}
