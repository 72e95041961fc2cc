/**
 * A department's answer in a reporting round: its detail, the moves (submit, return, approve) and the
 * department's tasks.
 */
import type { Kysely } from 'kysely';
import {
  daysUntil,
  effectiveDeadline,
  PART_STATE_LABELS,
  type PartAction,
  type PartState,
  partTransition,
  ROUND_STATE_LABELS,
  type RoundState,
} from '../../core/reporting-round.ts';
import { type Acknowledgement, unacknowledged, usedAcknowledgements } from '../../core/round-checks.ts';
import { answerableDepartmentIds, departmentNames } from '../../store/departments.ts';
import { planningDivisionOf } from '../../store/municipalities.ts';
import {
  claimRoundWrite,
  findRoundRow,
  getRoundRow,
  listRoundRows,
  toRound,
} from '../../store/reporting-rounds.ts';
import {
  getPartRow,
  listPartRows,
  type ReturnedItem,
  type RoundPart,
  toPart,
  updatePartIfQuiet,
} from '../../store/round-parts.ts';
import type { Database, ReportingRoundTable } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import {
  catchRollback,
  fail,
  invalid,
  notFound,
  type Outcome,
  ok,
  Rollback,
  versionConflict,
} from '../errors.ts';
import { type MailMessage, type MailReport, sendAll } from '../ops/mailer.ts';
import { recordChange } from '../versioned-write.ts';
import {
  actorOf,
  checkedItems,
  type PartView,
  ROUND,
  type RoundDeps,
  readableRound,
  roundView,
  stateError,
  statusesOf,
} from './reporting-rounds.ts';
import { announce } from './round-notices.ts';

async function partFor(
  trx: Executor,
  roundId: string,
  departmentId: string,
): Promise<{ round: ReportingRoundTable; part: RoundPart }> {
  const round = await getRoundRow(trx, roundId);
  if (!round) throw new Rollback(notFound(ROUND, roundId));
  const row = (await listPartRows(trx, roundId)).find((p) => p.department_id === departmentId);
  if (!row) throw new Rollback(notFound('課の回答 (department answer)', departmentId));
  return { round, part: toPart(row) };
}

/**
 * A department's answer in a round: its items (figure, commentary, status), the findings of the
 * submission checks, the returned items with the planner's comments and what is still editable.
 * Readable by anyone who may read the municipality's data.
 */
export async function partDetail(
  db: Kysely<Database>,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
): Promise<Outcome<PartView>> {
  const rr = await readableRound(db, ctx, roundId);
  if (!rr.ok) return rr;
  const row = (await listPartRows(db, roundId)).find((p) => p.department_id === departmentId);
  if (!row) return fail(notFound('課の回答 (department answer)', departmentId));
  const part = toPart(row);
  const statuses = await statusesOf(db, ctx, rr.value.strategy_id, rr.value.fiscal_year);
  const items = (await checkedItems(db, ctx, rr.value, [part], statuses)).get(part.id) ?? [];
  const findings = items.flatMap((i) => i.findings);
  const names = await departmentNames(db, [departmentId]);
  const strategy = await getStrategy(db, rr.value.strategy_id);
  return ok({
    round: {
      ...toRound(rr.value),
      stateLabel: ROUND_STATE_LABELS[rr.value.state as RoundState],
      strategyName: strategy?.name ?? '',
    },
    part: {
      ...part,
      stateLabel: PART_STATE_LABELS[part.state],
      departmentName: names.get(departmentId) ?? departmentId,
      effectiveDeadline: effectiveDeadline(rr.value.deadline, part.deadline),
    },
    items,
    findings,
    open: unacknowledged(findings, part.acknowledgements),
  });
}

/** What a move of a department's part asks for. */
interface MoveInput {
  version: number;
  acknowledgements?: Acknowledgement[];
  returned?: ReturnedItem[];
  comment?: string | null;
}

/** One move in its transaction: the round and part as read there, and where the part goes. */
interface Move {
  trx: Executor;
  ctx: RequestContext;
  round: ReportingRoundTable;
  part: RoundPart;
  departmentId: string;
  to: PartState;
  now: string;
  input: MoveInput;
}

type PartPatch = Parameters<typeof updatePartIfQuiet>[4];

const WHAT = '課の回答 (department answer)';

/** Runs a part action (submit, return, approve) with compare-and-set on the part's write count. */
async function movePart(
  deps: RoundDeps,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
  action: Exclude<PartAction, 'edit'>,
  input: MoveInput,
): Promise<Outcome<PartView & { mail: MailReport }>> {
  const { db } = deps;
  // What the checks compare with is read before the transaction; the part's write count read
  // here makes any edit after this point defeat the submission (compare-and-set below).
  const seen = (await listPartRows(db, roundId)).find((p) => p.department_id === departmentId);
  const seenRound = await getRoundRow(db, roundId);
  const statuses =
    action === 'submit' && seenRound
      ? await statusesOf(db, ctx, seenRound.strategy_id, seenRound.fiscal_year)
      : new Map<string, { label: string; lowest: boolean }>();
  const r = await catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const { round, part } = await partFor(trx, roundId, departmentId);
      const permission = action === 'submit' ? 'rounds.submit' : 'rounds.manage';
      const denied = authorize(ctx, permission, {
        municipalityId: round.municipality_id,
        departmentIds: [departmentId],
      });
      if (denied) throw new Rollback(denied);
      if (part.version !== input.version) throw new Rollback(versionConflict(WHAT, input.version, part));
      const division = await planningDivisionOf(trx, round.municipality_id);
      const t = partTransition(round.state as RoundState, part.state, action, actorOf(ctx), division);
      if (!t.ok) throw new Rollback(stateError(t.refusal));
      const move: Move = { trx, ctx, round, part, departmentId, to: t.to, now: nowIso(ctx), input };
      const patch =
        action === 'submit'
          ? await submission(move, statuses)
          : action === 'return'
            ? await returning(move)
            : { state: t.to };
      await writeMove(move, action, seen?.write_seq ?? 0, patch);
      return action === 'return'
        ? await afterReturn(move)
        : action === 'approve'
          ? await afterApproval(move)
          : [];
    }),
  );
  if (!r.ok) return r;
  const mail = await sendAll(deps.mailer, r.value);
  const view = await partDetail(db, ctx, roundId, departmentId);
  return view.ok ? ok({ ...view.value, mail }) : view;
}

/**
 * A submission: every finding of the checks fixed or acknowledged with a reason (those of an
 * earlier submission still hold for the same finding); the returned items are cleared.
 */
async function submission(
  m: Move,
  statuses: Map<string, { label: string; lowest: boolean }>,
): Promise<PartPatch> {
  const items = (await checkedItems(m.trx, m.ctx, m.round, [m.part], statuses)).get(m.part.id) ?? [];
  const findings = items.flatMap((i) => i.findings);
  // Acknowledgements of an earlier submission still hold for the same finding.
  const acks = [...(m.input.acknowledgements ?? []), ...m.part.acknowledgements];
  const open = unacknowledged(findings, acks);
  if (open.length)
    throw new Rollback({
      code: 'FINDINGS_UNACKNOWLEDGED',
      message: `提出前チェックで ${open.length} 件の指摘があります。修正するか、理由を記入して確認してください。${open[0]?.message ?? ''}`,
      messageEn: `${open.length} finding(s) of the submission checks: fix them or acknowledge each with a reason. ${open[0]?.messageEn ?? ''}`,
      place: { field: 'acknowledgements' },
      details: { findings: open },
    });
  return {
    state: m.to,
    acknowledgements: usedAcknowledgements(findings, acks).filter(
      (a, i, all) => all.findIndex((b) => b.indicatorId === a.indicatorId && b.code === a.code) === i,
    ),
    returned: [],
    submittedAt: m.now,
    submittedBy: m.ctx.actor.name,
  };
}

/** A return: each returned item must be an indicator this department answers for. */
async function returning(m: Move): Promise<PartPatch> {
  const returned = m.input.returned ?? [];
  const owners = await answerableDepartmentIds(m.trx, m.round.strategy_id);
  for (const [i, item] of returned.entries())
    if (!(owners.get(item.indicatorId) ?? []).includes(m.departmentId))
      throw new Rollback(
        invalid(
          `items.${i}.indicatorId`,
          'この課の回答にない指標です',
          'This indicator is not part of the department’s answer',
        ),
      );
  return { state: m.to, returned };
}

/**
 * Writes a move: counted on the round (a confirmation that read the older count does not apply),
 * then the part if no write came in since `seq` was read, and its audit entry.
 */
async function writeMove(
  m: Move,
  action: Exclude<PartAction, 'edit'>,
  seq: number,
  patch: PartPatch,
): Promise<void> {
  const { trx, round, part, now } = m;
  // Counted on the round too: a confirmation that read the older count does not apply.
  if (!(await claimRoundWrite(trx, round.id, ['open', 'closed'], now))) {
    const current = await getRoundRow(trx, round.id);
    throw new Rollback(
      stateError({
        message: `照会は「${ROUND_STATE_LABELS[(current?.state ?? round.state) as RoundState]}」になったため、この操作はできません`,
        messageEn: `The round is now ${current?.state ?? round.state}: this action no longer applies`,
      }),
    );
  }
  if (!(await updatePartIfQuiet(trx, part.id, seq, part.state, patch, now)))
    throw new Rollback({
      ...versionConflict(WHAT, m.input.version, part),
      message:
        '回答の確認中に数値やコメントが更新されました。最新の内容を確認してから、もう一度操作してください',
      messageEn: 'Figures or commentary changed while the answer was checked: review and try again',
    });
  const after = toPart((await getPartRow(trx, part.id))!);
  await recordChange(
    trx,
    m.ctx,
    now,
    {
      municipalityId: round.municipality_id,
      strategyId: round.strategy_id,
      entityType: 'round_part',
      entityId: part.id,
      action,
      before: part,
      after: { ...after, ...(m.input.comment ? { comment: m.input.comment } : {}) },
    },
    { revision: false },
  );
}

/** After a return: each returned item audited on its indicator (in its history), the department told. */
async function afterReturn(m: Move): Promise<MailMessage[]> {
  const { round } = m;
  // Returned items are audited on each indicator too (visible in its history).
  await recordChange(
    m.trx,
    m.ctx,
    m.now,
    (m.input.returned ?? []).map((item) => ({
      municipalityId: round.municipality_id,
      strategyId: round.strategy_id,
      indicatorId: item.indicatorId,
      entityType: 'round_item',
      entityId: m.part.id,
      action: 'return' as const,
      before: null,
      after: { fiscalYear: round.fiscal_year, comment: item.comment },
    })),
    { revision: false },
  );
  return announce(m.trx, m.ctx, round, 'returned', [m.departmentId], m.now, {
    returned: m.input.returned ?? [],
    comment: m.input.comment ?? null,
  });
}

/** After an approval: the department told. */
function afterApproval(m: Move): Promise<MailMessage[]> {
  return announce(m.trx, m.ctx, m.round, 'approved', [m.departmentId], m.now);
}

/**
 * Submits a department's answer (its editors, or planners) after the submission checks: every
 * finding must be fixed or acknowledged with a reason. Applies only if no figure or commentary of
 * the part changed since the checks read them (a submission racing an edit: exactly one wins).
 *
 * @example await submitPart(deps, editorCtx, roundId, deptId, { version: 2, acknowledgements: [{ indicatorId, code: 'UNUSUAL_JUMP', reason: '新施設の開業' }] })
 */
export function submitPart(
  deps: RoundDeps,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
  input: { version: number; acknowledgements?: Acknowledgement[] },
) {
  return movePart(deps, ctx, roundId, departmentId, 'submit', {
    version: input.version,
    acknowledgements: input.acknowledgements ?? [],
  });
}

/** Returns a department's answer (planners) with a comment per indicator; those items reopen. */
export function returnPart(
  deps: RoundDeps,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
  input: { version: number; items: ReturnedItem[]; comment?: string | null },
) {
  return movePart(deps, ctx, roundId, departmentId, 'return', {
    version: input.version,
    returned: input.items,
    comment: input.comment ?? null,
  });
}

/** Approves a submitted answer (planners); it is no longer editable. */
export function approvePart(
  deps: RoundDeps,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
  input: { version: number },
) {
  return movePart(deps, ctx, roundId, departmentId, 'approve', input);
}

/**
 * What the entry workbook of a department says of the year's round: its state and the
 * department's deadline (its own earlier one, else the round's); null when the year has no round.
 */
export async function roundForDepartment(
  db: Executor,
  strategyId: string,
  fiscalYear: number,
  departmentIds: readonly string[],
): Promise<{ stateLabel: string; deadline: string } | null> {
  const round = await findRoundRow(db, strategyId, fiscalYear);
  if (!round) return null;
  const part = (await listPartRows(db, round.id)).find((p) => departmentIds.includes(p.department_id));
  return {
    stateLabel: ROUND_STATE_LABELS[round.state as RoundState],
    deadline: effectiveDeadline(round.deadline, part?.deadline ?? null),
  };
}

/** One task of a department: its answer in an open round, ordered by deadline. */
export interface RoundTask {
  roundId: string;
  strategyId: string;
  strategyName: string;
  fiscalYear: number;
  roundState: RoundState;
  roundStateLabel: string;
  departmentId: string;
  departmentName: string;
  state: PartState;
  stateLabel: string;
  deadline: string;
  daysLeft: number;
  items: number;
  entered: number;
  findings: number;
  returned: number;
}

/**
 * The caller's tasks: the answers of their departments in rounds taking answers (準備, 受付中,
 * 締切), ordered by deadline. Planners see every department's answer of their municipality.
 */
export async function myTasks(db: Kysely<Database>, ctx: RequestContext): Promise<Outcome<RoundTask[]>> {
  const denied = authorize(ctx, 'data.read', { municipalityId: ctx.municipalityId });
  if (denied) return fail(denied);
  if (!ctx.municipalityId) return ok([]);
  const rounds = await listRoundRows(db, {
    municipalityId: ctx.municipalityId,
    states: ['preparing', 'open', 'closed'],
  });
  const planner = actorOf(ctx) === 'planner';
  const asOf = nowIso(ctx).slice(0, 10);
  const out: RoundTask[] = [];
  for (const round of rounds) {
    const view = await roundView(db, ctx, round);
    for (const p of view.parts) {
      if (!planner && !ctx.departmentIds.includes(p.departmentId)) continue;
      out.push({
        roundId: round.id,
        strategyId: round.strategy_id,
        strategyName: view.strategyName,
        fiscalYear: round.fiscal_year,
        roundState: round.state as RoundState,
        roundStateLabel: view.stateLabel,
        departmentId: p.departmentId,
        departmentName: p.departmentName,
        state: p.state,
        stateLabel: p.stateLabel,
        deadline: p.deadline,
        daysLeft: daysUntil(p.deadline, asOf),
        items: p.items,
        entered: p.entered,
        findings: p.findings,
        returned: p.returned.length,
      });
    }
  }
  out.sort(
    (a, b) => a.deadline.localeCompare(b.deadline) || a.departmentName.localeCompare(b.departmentName, 'ja'),
  );
  return ok(out);
}
