import { newId } from './ids.ts';
import { fromJson, toJson } from './json.ts';
import type { AuditLogTable } from './schema.ts';
import type { Executor } from './versioned.ts';

/** Who did something: a user id and display name (placeholder until accounts exist). */
export interface Actor {
  id: string | null;
  name: string;
}

/** One audit entry as the API shows it. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: Actor;
  municipalityId: string | null;
  strategyId: string | null;
  indicatorId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

/**
 * Every action an audit entry may record (the screens give each a label: the web app's
 * lib/audit-labels.ts, held to this list by test/web/catalogue.test.ts).
 */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'import',
  'restore',
  // Reporting rounds (照会): round and department transitions, exceptions.
  'open',
  'close',
  'reopen',
  'confirm',
  'publish',
  'submit',
  'return',
  'approve',
  'exception_open',
  'exception_close',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  at: string;
  actor: Actor;
  municipalityId?: string | null;
  strategyId?: string | null;
  indicatorId?: string | null;
  entityType: string;
  entityId: string;
  action: AuditAction;
  before?: unknown;
  after?: unknown;
}

/** Row → domain. */
export function toAuditEntry(row: AuditLogTable): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: { id: row.actor_id, name: row.actor_name ?? '' },
    municipalityId: row.municipality_id,
    strategyId: row.strategy_id,
    indicatorId: row.indicator_id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    before: fromJson(row.before_json),
    after: fromJson(row.after_json),
  };
}

function toRow(e: AuditInput, at: string): AuditLogTable {
  return {
    id: newId(Date.parse(at) || Date.now()),
    at,
    actor_id: e.actor.id,
    actor_name: e.actor.name,
    municipality_id: e.municipalityId ?? null,
    strategy_id: e.strategyId ?? null,
    indicator_id: e.indicatorId ?? null,
    entity_type: e.entityType,
    entity_id: e.entityId,
    action: e.action,
    before_json: toJson(e.before),
    after_json: toJson(e.after),
  };
}

/** Appends entries (the log is append-only: there is no update or delete function). */
export async function appendAudit(db: Executor, entries: AuditInput | AuditInput[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const rows = list.map((e) => toRow(e, e.at));
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto('audit_log')
      .values(rows.slice(i, i + 400))
      .execute();
  }
}

export interface AuditQuery {
  strategyId?: string;
  indicatorId?: string;
  actorId?: string;
  /** Return entries older than this id (newest first paging). */
  before?: string;
  limit: number;
}

/** Entries newest first, filtered by strategy, indicator and/or actor. */
export async function listAudit(db: Executor, q: AuditQuery): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.strategyId) query = query.where('strategy_id', '=', q.strategyId);
  if (q.indicatorId) query = query.where('indicator_id', '=', q.indicatorId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.before) query = query.where('id', '<', q.before);
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map(toAuditEntry);
}
