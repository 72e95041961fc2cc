/**
 * The reporting round (照会): the yearly request of the planning division (企画担当課; each
 * municipality names its own: 企画政策課, 経営戦略課, 企画課…) to each
 * department (担当課) for its figures and commentary. Pure rules: which state changes are allowed,
 * to whom, and what a department may still edit. Storage and time are the caller's.
 *
 * Round: 準備 → 受付中 → 締切 → 確定 → 公表 (preparing → open → closed → confirmed → published).
 * A department's part: 未着手 → 入力中 → 提出済 → (差戻し → 入力中) → 承認済.
 */

/** States of a round, in order. */
export const ROUND_STATES = ['preparing', 'open', 'closed', 'confirmed', 'published'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

/** States of a department's part of a round. */
export const PART_STATES = ['not_started', 'in_progress', 'submitted', 'returned', 'approved'] as const;
export type PartState = (typeof PART_STATES)[number];

/** Japanese labels (the vocabulary of DESIGN §9). */
export const ROUND_STATE_LABELS: Record<RoundState, string> = {
  preparing: '準備',
  open: '受付中',
  closed: '締切',
  confirmed: '確定',
  published: '公表',
};
export const PART_STATE_LABELS: Record<PartState, string> = {
  not_started: '未着手',
  in_progress: '入力中',
  submitted: '提出済',
  returned: '差戻し',
  approved: '承認済',
};

/**
 * The planning division as messages name it when the municipality has not said what it calls its
 * own: a descriptive term (the division in charge of planning), not any city's division name, so
 * that no city reads another city's name for its division.
 */
export const PLANNING_DIVISION_NEUTRAL = '企画担当課';

/**
 * The planning division's name for messages: the municipality's own (trimmed), else the neutral
 * 企画担当課.
 *
 * @example planningDivisionName('経営戦略課') // '経営戦略課'
 * @example planningDivisionName(null) // '企画担当課'
 */
export function planningDivisionName(own: string | null | undefined): string {
  const name = own?.trim();
  return name ? name : PLANNING_DIVISION_NEUTRAL;
}

/** Who acts on a round: the planning division, a department, or the system (deadline job, CLI). */
export type RoundActor = 'planner' | 'department' | 'system';

/** Actions on a round as a whole. */
export type RoundAction = 'open' | 'close' | 'reopen' | 'confirm' | 'publish';
/** Actions on a department's part. */
export type PartAction = 'edit' | 'submit' | 'return' | 'approve';

/** A refused transition: stable code and messages in both languages. */
export interface TransitionRefusal {
  code: 'TRANSITION_NOT_ALLOWED' | 'ROLE_NOT_ALLOWED';
  message: string;
  messageEn: string;
}

export type TransitionResult<S> = { ok: true; to: S } | { ok: false; refusal: TransitionRefusal };

const ROUND_RULES: Record<RoundAction, { from: RoundState[]; to: RoundState; by: RoundActor[] }> = {
  open: { from: ['preparing'], to: 'open', by: ['planner', 'system'] },
  close: { from: ['open'], to: 'closed', by: ['planner', 'system'] },
  reopen: { from: ['closed'], to: 'open', by: ['planner', 'system'] },
  confirm: { from: ['open', 'closed'], to: 'confirmed', by: ['planner', 'system'] },
  publish: { from: ['confirmed'], to: 'published', by: ['planner', 'system'] },
};

const PART_RULES: Record<PartAction, { from: PartState[]; to: PartState | null; by: RoundActor[] }> = {
  // An edit moves 未着手 to 入力中 and 差戻し back to 入力中; 入力中 stays.
  edit: {
    from: ['not_started', 'in_progress', 'returned'],
    to: 'in_progress',
    by: ['planner', 'department', 'system'],
  },
  submit: {
    from: ['not_started', 'in_progress', 'returned'],
    to: 'submitted',
    by: ['planner', 'department', 'system'],
  },
  return: { from: ['submitted', 'approved'], to: 'returned', by: ['planner', 'system'] },
  approve: { from: ['submitted'], to: 'approved', by: ['planner', 'system'] },
};

const ROUND_ACTION_LABELS: Record<RoundAction, string> = {
  open: '受付開始',
  close: '締切',
  reopen: '受付再開',
  confirm: '確定',
  publish: '公表',
};
const PART_ACTION_LABELS: Record<PartAction, string> = {
  edit: '入力',
  submit: '提出',
  return: '差戻し',
  approve: '承認',
};

function refuse(
  code: TransitionRefusal['code'],
  message: string,
  messageEn: string,
): { ok: false; refusal: TransitionRefusal } {
  return { ok: false, refusal: { code, message, messageEn } };
}

/**
 * Whether an action on a round is allowed from its state and for the actor, and the state after.
 * `division` is the name the messages give the planning division (the municipality's own, see
 * planningDivisionName).
 *
 * @example roundTransition('open', 'confirm', 'planner') // { ok: true, to: 'confirmed' }
 * @example roundTransition('open', 'confirm', 'department', '経営戦略課').ok // false (ROLE_NOT_ALLOWED: 照会の「確定」は経営戦略課が行います)
 */
export function roundTransition(
  from: RoundState,
  action: RoundAction,
  by: RoundActor,
  division: string = PLANNING_DIVISION_NEUTRAL,
): TransitionResult<RoundState> {
  const rule = ROUND_RULES[action];
  if (!rule.by.includes(by))
    return refuse(
      'ROLE_NOT_ALLOWED',
      `照会の「${ROUND_ACTION_LABELS[action]}」は${division}が行います`,
      `Only the planning division may ${action} a round`,
    );
  if (!rule.from.includes(from))
    return refuse(
      'TRANSITION_NOT_ALLOWED',
      `照会が「${ROUND_STATE_LABELS[from]}」のため「${ROUND_ACTION_LABELS[action]}」はできません（可能な状態: ${rule.from.map((s) => ROUND_STATE_LABELS[s]).join('・')}）`,
      `A round in state ${from} cannot be ${action}ed (allowed from: ${rule.from.join(', ')})`,
    );
  return { ok: true, to: rule.to };
}

/**
 * Whether an action on a department's part is allowed, given the round's state, and the state
 * after. Departments edit and submit only while the round takes answers (準備 takes edits, not
 * submissions; 締切 still takes late ones); the planning division (`division`: the name the
 * messages give it) returns and approves.
 *
 * @example partTransition('open', 'in_progress', 'submit', 'department') // { ok: true, to: 'submitted' }
 * @example partTransition('open', 'submitted', 'edit', 'department').ok // false: ask for a return first
 */
export function partTransition(
  round: RoundState,
  from: PartState,
  action: PartAction,
  by: RoundActor,
  division: string = PLANNING_DIVISION_NEUTRAL,
): TransitionResult<PartState> {
  if (round === 'confirmed' || round === 'published')
    return refuse(
      'TRANSITION_NOT_ALLOWED',
      `照会は「${ROUND_STATE_LABELS[round]}」のため変更できません`,
      `The round is ${round}: nothing changes any more`,
    );
  if (action !== 'edit' && round === 'preparing')
    return refuse(
      'TRANSITION_NOT_ALLOWED',
      '照会はまだ受付を開始していません',
      'The round does not take submissions yet',
    );
  const rule = PART_RULES[action];
  if (!rule.by.includes(by))
    return refuse(
      'ROLE_NOT_ALLOWED',
      `「${PART_ACTION_LABELS[action]}」は${division}が行います`,
      `Only the planning division may ${action} a department's answer`,
    );
  if (!rule.from.includes(from)) {
    const hint =
      from === 'submitted' || from === 'approved'
        ? `。変更が必要なら${division}に差戻しを依頼してください`
        : '';
    return refuse(
      'TRANSITION_NOT_ALLOWED',
      `回答が「${PART_STATE_LABELS[from]}」のため「${PART_ACTION_LABELS[action]}」はできません${hint}`,
      `An answer in state ${from} cannot take '${action}'${hint ? ': ask the planning division to return it' : ''}`,
    );
  }
  return { ok: true, to: action === 'edit' && from === 'not_started' ? 'in_progress' : (rule.to ?? from) };
}

/**
 * Whether a department may change one indicator of its part: 未着手 and 入力中 take every item,
 * except after a return naming items (差戻し, and 入力中 again once an edit was made): then only
 * those; submitted and approved parts take none.
 *
 * @example mayEditItem('returned', ['k1'], 'k1') // true
 * @example mayEditItem('in_progress', ['k1'], 'k2') // false: only k1 was returned
 */
export function mayEditItem(
  state: PartState,
  returnedItems: readonly string[],
  indicatorId: string,
): boolean {
  if (state === 'submitted' || state === 'approved') return false;
  if (state === 'not_started') return true;
  return returnedItems.length === 0 || returnedItems.includes(indicatorId);
}

/** Whether a round's year is locked (確定 or 公表): writes need a recorded exception. */
export function yearLocked(state: RoundState): boolean {
  return state === 'confirmed' || state === 'published';
}

/** Counts of parts per state (every state present, zero when none). */
export function countParts(states: readonly PartState[]): Record<PartState, number> {
  const out = Object.fromEntries(PART_STATES.map((s) => [s, 0])) as Record<PartState, number>;
  for (const s of states) out[s]++;
  return out;
}

/**
 * The deadline of a department: its own earlier one when set, else the round's (ISO dates).
 *
 * @example effectiveDeadline('2025-05-31', '2025-05-20') // '2025-05-20'
 */
export function effectiveDeadline(round: string, own: string | null): string {
  return own && own < round ? own : round;
}

/**
 * Whole days from `asOf` (an ISO date) to a deadline (an ISO date): 0 on the day, negative once
 * past.
 *
 * @example daysUntil('2025-05-31', '2025-05-28') // 3
 */
export function daysUntil(deadline: string, asOf: string): number {
  const d = Date.parse(`${deadline.slice(0, 10)}T00:00:00Z`);
  const a = Date.parse(`${asOf.slice(0, 10)}T00:00:00Z`);
  return Math.round((d - a) / 86_400_000);
}
