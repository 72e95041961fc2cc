import type { Kysely } from 'kysely';
import { fiscalYearAt } from '../../core/fiscal-year.ts';
import {
  type Department,
  departmentIdsNamed,
  findOrCreateDepartment,
  getDepartment,
  listDepartments,
  renameDepartment,
} from '../../store/departments.ts';
import { municipalityExists } from '../../store/municipalities.ts';
import type { Database } from '../../store/schema.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import {
  type AppError,
  catchRollback,
  fail,
  notFound,
  type Outcome,
  ok,
  Rollback,
  versionConflict,
} from '../errors.ts';
import { recordChange } from '../versioned-write.ts';

const WHAT = '担当課 (department)';

function nameTaken(name: string): AppError {
  return {
    code: 'ALREADY_EXISTS',
    message: `担当課「${name}」は既にあります (現在または以前の課名)。別の名前にしてください`,
    messageEn: `A department is already called '${name}' (now or formerly); choose another name`,
    place: { field: 'name' },
  };
}

/** 担当課 of a municipality, each with its names over time (課名変更). */
export async function municipalityDepartments(
  db: Kysely<Database>,
  ctx: RequestContext,
  municipalityId: string,
): Promise<Outcome<Department[]>> {
  const denied = authorize(ctx, 'read', { municipalityId });
  if (denied) return fail(denied);
  if (!(await municipalityExists(db, municipalityId)))
    return fail(notFound('自治体 (municipality)', municipalityId));
  return ok(await listDepartments(db, municipalityId));
}

/** Creates a department; its name must not be any department's current or former name. Audited. */
export async function createDepartment(
  db: Kysely<Database>,
  ctx: RequestContext,
  municipalityId: string,
  name: string,
): Promise<Outcome<Department>> {
  const denied = authorize(ctx, 'admin', { municipalityId });
  if (denied) return fail(denied);
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      if (!(await municipalityExists(trx, municipalityId)))
        throw new Rollback(notFound('自治体 (municipality)', municipalityId));
      if ((await departmentIdsNamed(trx, municipalityId, name)).length) throw new Rollback(nameTaken(name));
      const now = nowIso(ctx);
      const { id } = await findOrCreateDepartment(trx, municipalityId, name, now);
      const dept = (await getDepartment(trx, id))!;
      await recordChange(trx, ctx, now, {
        municipalityId,
        entityType: 'department',
        entityId: id,
        action: 'create',
        after: dept,
      });
      return dept;
    }),
  );
}

/**
 * Renames a department (課名変更) with a version check: the former name is kept, closed at the
 * fiscal year before `fromYear` (default: the current fiscal year), so figures and entry workbooks
 * under the old name still resolve to it. A stale version answers VERSION_CONFLICT with the
 * current department. Audited.
 */
export async function renameDepartmentChecked(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  input: { name: string; fromYear?: number | undefined },
): Promise<Outcome<Department>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getDepartment(trx, id);
      if (!before) throw new Rollback(notFound(WHAT, id));
      const denied = authorize(ctx, 'admin', { municipalityId: before.municipalityId });
      if (denied) throw new Rollback(denied);
      if (before.version !== version) throw new Rollback(versionConflict(WHAT, version, before));
      if (input.name === before.name) return before;
      const others = (await departmentIdsNamed(trx, before.municipalityId, input.name)).filter(
        (d) => d !== id,
      );
      if (others.length) throw new Rollback(nameTaken(input.name));
      const now = nowIso(ctx);
      const fromYear = input.fromYear ?? fiscalYearAt(ctx.now());
      const r = await renameDepartment(trx, id, version, input.name, fromYear, now);
      if (!r.ok) {
        const current = await getDepartment(trx, id);
        throw new Rollback(current ? versionConflict(WHAT, version, current) : notFound(WHAT, id));
      }
      const after = (await getDepartment(trx, id))!;
      await recordChange(trx, ctx, now, {
        municipalityId: before.municipalityId,
        entityType: 'department',
        entityId: id,
        action: 'update',
        before,
        after,
      });
      return after;
    }),
  );
}
