import type { Kysely } from 'kysely';
import { type AuditEntry, listAudit } from '../../store/audit.ts';
import type { Database } from '../../store/schema.ts';
import type { RequestContext } from '../context.ts';

/**
 * The audit log, newest first, per strategy, indicator and/or user; paged by `before` (an entry id).
 * A caller bound to a municipality sees only that municipality's entries.
 */
export async function auditLog(
  db: Kysely<Database>,
  ctx: RequestContext,
  q: {
    strategyId?: string | undefined;
    indicatorId?: string | undefined;
    actorId?: string | undefined;
    before?: string | undefined;
    limit: number;
  },
): Promise<{ items: AuditEntry[]; next: string | null }> {
  const items = (
    await listAudit(db, {
      ...(q.strategyId ? { strategyId: q.strategyId } : {}),
      ...(q.indicatorId ? { indicatorId: q.indicatorId } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.before ? { before: q.before } : {}),
      limit: q.limit + 1,
    })
  ).filter((e) => !ctx.municipalityId || !e.municipalityId || e.municipalityId === ctx.municipalityId);
  const more = items.length > q.limit;
  const pageItems = items.slice(0, q.limit);
  return { items: pageItems, next: more ? (pageItems.at(-1)?.id ?? null) : null };
}
