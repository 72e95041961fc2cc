import {
  mayEditItem,
  PART_STATE_LABELS,
  ROUND_STATE_LABELS,
  yearLocked,
} from '../../core/reporting-round.ts';
import { answerableDepartmentsOf } from '../../store/departments.ts';
import { planningDivisionOf } from '../../store/municipalities.ts';
import { claimRoundWrite, findRoundRow } from '../../store/reporting-rounds.ts';
import { listExceptionRows } from '../../store/round-exceptions.ts';
import { claimPartWrite, listPartRows, toPart } from '../../store/round-parts.ts';
import type { Executor } from '../../store/versioned.ts';
import type { AppError } from '../errors.ts';
import { Rollback } from '../errors.ts';

/**
 * The refusal of a write into a confirmed (確定) year: 423 with the reason and the way out, which
 * names the planning division as the municipality does (`division`, see planningDivisionOf).
 */
export function yearLockedError(
  fiscalYear: number,
  round: { state: string; confirmed_at: string | null; confirmed_by_name: string | null },
  what: string,
  division: string,
): AppError {
  const when = round.confirmed_at ? round.confirmed_at.slice(0, 10) : '';
  const who = round.confirmed_by_name ? `、${round.confirmed_by_name}` : '';
  return {
    code: 'YEAR_LOCKED',
    message: `${fiscalYear}年度は照会で「${ROUND_STATE_LABELS[round.state as 'confirmed'] ?? round.state}」済みのため、${what}は変更できません（${when}${who}）。変更が必要な場合は${division}が例外として指標を再開してください`,
    messageEn: `Fiscal year ${fiscalYear} is ${round.state} in its reporting round (${when}); ${what} cannot change. The planning division can reopen one indicator as a recorded exception`,
    place: { field: 'fiscalYear' },
    details: { fiscalYear, roundState: round.state, confirmedAt: round.confirmed_at },
  };
}

/** What a write into a fiscal year of a strategy touches. */
export interface YearWrite {
  strategyId: string;
  fiscalYear: number;
  /** The indicators written (their departments' answers are claimed); empty: strategy-level data. */
  indicatorIds: readonly string[];
  /** What is written, for the message (`実績値`, `コメント`, `評価の上書き`). */
  what: string;
  /** Whether the write is department data (figures, commentary) that moves their answers. */
  departmentData: boolean;
}

/**
 * The one check every write into a strategy's fiscal year goes through, inside the write's
 * transaction (throws Rollback):
 * - no round for that year: nothing to check;
 * - round 確定 or 公表: refused (YEAR_LOCKED, 423) unless every indicator written has an open
 *   exception recorded by a planner (then the write is a correction, 訂正: the exception is
 *   returned so that the figure's new version records it as such, with the exception's reason);
 * - otherwise the write is counted on the round (a confirmation that read an older count does not
 *   apply), and for department data each department answering for an indicator must still take
 *   edits of it (未着手, 入力中, or 差戻し for a returned item; ROUND_STATE, 409, otherwise): its
 *   answer is claimed (a submission that read an older count does not apply).
 *
 * @example await guardYearWrite(trx, { strategyId, fiscalYear: 2024, indicatorIds: [id], what: '実績値', departmentData: true }, now)
 */
export async function guardYearWrite(
  db: Executor,
  write: YearWrite,
  now: string,
): Promise<{ exception: { id: string; reason: string } | null }> {
  const free = { exception: null };
  const round = await findRoundRow(db, write.strategyId, write.fiscalYear);
  if (!round) return free;
  const division = () => planningDivisionOf(db, round.municipality_id);
  if (yearLocked(round.state as 'confirmed')) {
    if (!write.indicatorIds.length)
      throw new Rollback(yearLockedError(write.fiscalYear, round, write.what, await division()));
    const open = await listExceptionRows(db, round.id, { openOnly: true });
    const byIndicator = new Map(open.map((e) => [e.indicator_id, e]));
    const first = byIndicator.get(write.indicatorIds[0] ?? '');
    // A write through an exception is a correction (訂正) of a confirmed figure, with its reason.
    if (first && write.indicatorIds.every((id) => byIndicator.has(id)))
      return { exception: { id: first.id, reason: first.reason } };
    throw new Rollback(yearLockedError(write.fiscalYear, round, write.what, await division()));
  }
  if (!(await claimRoundWrite(db, round.id, ['preparing', 'open', 'closed'], now))) {
    const now2 = await findRoundRow(db, write.strategyId, write.fiscalYear);
    throw new Rollback(yearLockedError(write.fiscalYear, now2 ?? round, write.what, await division()));
  }
  if (!write.departmentData || !write.indicatorIds.length) return free;
  // The parts of the departments answerable for the indicators written (the one rule).
  const owners = await answerableDepartmentsOf(db, { indicatorIds: write.indicatorIds });
  const parts = (await listPartRows(db, round.id)).map(toPart);
  for (const indicatorId of write.indicatorIds) {
    for (const { id: departmentId } of owners.get(indicatorId) ?? []) {
      const part = parts.find((p) => p.departmentId === departmentId);
      if (!part) continue;
      const returned = part.returned.map((r) => r.indicatorId);
      if (!mayEditItem(part.state, returned, indicatorId))
        throw new Rollback(partClosed(write, part.state, await division()));
      if (!(await claimPartWrite(db, part.id, ['not_started', 'in_progress', 'returned'], now)))
        throw new Rollback(partClosed(write, 'submitted', await division()));
    }
  }
  return free;
}

function partClosed(write: YearWrite, state: string, division: string): AppError {
  const label = PART_STATE_LABELS[state as 'submitted'] ?? state;
  const returnedOnly = state === 'returned' || state === 'in_progress';
  return {
    code: 'ROUND_STATE',
    message: returnedOnly
      ? `${write.fiscalYear}年度の回答は差戻しされた指標だけを変更できます（${write.what}）`
      : `${write.fiscalYear}年度の回答は「${label}」のため、${write.what}は変更できません。変更が必要なら${division}に差戻しを依頼してください`,
    messageEn: returnedOnly
      ? `Only the returned indicators of the FY${write.fiscalYear} answer can change`
      : `The FY${write.fiscalYear} answer is ${state}: ask the planning division to return it before changing it`,
    place: { field: 'fiscalYear' },
    details: { fiscalYear: write.fiscalYear, partState: state },
  };
}
