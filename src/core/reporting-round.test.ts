import { describe, expect, it } from 'vitest';
import {
  countParts,
  daysUntil,
  effectiveDeadline,
  mayEditItem,
  PART_STATES,
  PLANNING_DIVISION_NEUTRAL,
  partTransition,
  planningDivisionName,
  ROUND_STATES,
  roundTransition,
  yearLocked,
} from './reporting-round.ts';

describe('round transitions', () => {
  it('follows 準備 → 受付中 → 締切 → 確定 → 公表 for the planning division', () => {
    expect(roundTransition('preparing', 'open', 'planner')).toEqual({ ok: true, to: 'open' });
    expect(roundTransition('open', 'close', 'planner')).toEqual({ ok: true, to: 'closed' });
    expect(roundTransition('closed', 'reopen', 'planner')).toEqual({ ok: true, to: 'open' });
    expect(roundTransition('closed', 'confirm', 'planner')).toEqual({ ok: true, to: 'confirmed' });
    expect(roundTransition('open', 'confirm', 'system')).toEqual({ ok: true, to: 'confirmed' });
    expect(roundTransition('confirmed', 'publish', 'planner')).toEqual({ ok: true, to: 'published' });
  });

  it('refuses departments every round action, with a Japanese reason', () => {
    for (const s of ROUND_STATES)
      for (const a of ['open', 'close', 'reopen', 'confirm', 'publish'] as const) {
        const r = roundTransition(s, a, 'department');
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.refusal.code).toBe('ROLE_NOT_ALLOWED');
      }
  });

  it('never goes back from 確定 or 公表, and never skips 確定', () => {
    for (const a of ['open', 'close', 'reopen', 'confirm'] as const) {
      expect(roundTransition('confirmed', a, 'planner').ok).toBe(false);
      expect(roundTransition('published', a, 'planner').ok).toBe(false);
    }
    const r = roundTransition('open', 'publish', 'planner');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal.message).toContain('受付中');
  });

  it('locks the year from 確定 on', () => {
    expect(ROUND_STATES.filter(yearLocked)).toEqual(['confirmed', 'published']);
  });
});

describe('department part transitions', () => {
  it('未着手 → 入力中 → 提出済 → 差戻し → 入力中 → 提出済 → 承認済', () => {
    expect(partTransition('open', 'not_started', 'edit', 'department')).toEqual({
      ok: true,
      to: 'in_progress',
    });
    expect(partTransition('open', 'in_progress', 'edit', 'department')).toEqual({
      ok: true,
      to: 'in_progress',
    });
    expect(partTransition('open', 'in_progress', 'submit', 'department')).toEqual({
      ok: true,
      to: 'submitted',
    });
    expect(partTransition('open', 'submitted', 'return', 'planner')).toEqual({ ok: true, to: 'returned' });
    expect(partTransition('open', 'returned', 'edit', 'department')).toEqual({ ok: true, to: 'in_progress' });
    expect(partTransition('open', 'returned', 'submit', 'department')).toEqual({ ok: true, to: 'submitted' });
    expect(partTransition('closed', 'submitted', 'approve', 'planner')).toEqual({ ok: true, to: 'approved' });
  });

  it('a submitted or approved part takes no edit and says whom to ask', () => {
    for (const s of ['submitted', 'approved'] as const) {
      const r = partTransition('open', s, 'edit', 'department');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.refusal.message).toContain('差戻し');
    }
  });

  it('departments neither approve nor return', () => {
    for (const a of ['approve', 'return'] as const) {
      const r = partTransition('open', 'submitted', a, 'department');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.refusal.code).toBe('ROLE_NOT_ALLOWED');
    }
  });

  it('nothing moves once the round is confirmed or published; 準備 takes edits but no submission', () => {
    for (const round of ['confirmed', 'published'] as const)
      for (const s of PART_STATES)
        for (const a of ['edit', 'submit', 'return', 'approve'] as const)
          expect(partTransition(round, s, a, 'planner').ok).toBe(false);
    expect(partTransition('preparing', 'not_started', 'edit', 'department').ok).toBe(true);
    expect(partTransition('preparing', 'in_progress', 'submit', 'department').ok).toBe(false);
  });

  it('a returned part opens only its returned items', () => {
    expect(mayEditItem('in_progress', [], 'k2')).toBe(true);
    expect(mayEditItem('returned', ['k1'], 'k1')).toBe(true);
    expect(mayEditItem('returned', ['k1'], 'k2')).toBe(false);
    expect(mayEditItem('in_progress', ['k1'], 'k1')).toBe(true);
    expect(mayEditItem('in_progress', ['k1'], 'k2')).toBe(false);
    expect(mayEditItem('submitted', [], 'k1')).toBe(false);
    expect(mayEditItem('approved', ['k1'], 'k1')).toBe(false);
  });
});

describe('counts and deadlines', () => {
  it('counts every state, zero included', () => {
    expect(countParts(['submitted', 'approved', 'submitted'])).toEqual({
      not_started: 0,
      in_progress: 0,
      submitted: 2,
      returned: 0,
      approved: 1,
    });
  });

  it('a department deadline applies only when earlier than the round’s', () => {
    expect(effectiveDeadline('2025-05-31', '2025-05-20')).toBe('2025-05-20');
    expect(effectiveDeadline('2025-05-31', '2025-06-10')).toBe('2025-05-31');
    expect(effectiveDeadline('2025-05-31', null)).toBe('2025-05-31');
  });

  it('counts whole days to a deadline, negative once past', () => {
    expect(daysUntil('2025-05-31', '2025-05-28')).toBe(3);
    expect(daysUntil('2025-05-31', '2025-05-31T23:00:00Z')).toBe(0);
    expect(daysUntil('2025-05-31', '2025-06-02')).toBe(-2);
  });
});

describe('the planning division named as the municipality names it', () => {
  it('is the municipality’s own name, else the neutral 企画担当課', () => {
    expect(planningDivisionName('経営戦略課')).toBe('経営戦略課');
    expect(planningDivisionName(' 政策推進課 ')).toBe('政策推進課');
    expect(planningDivisionName(null)).toBe('企画担当課');
    expect(planningDivisionName('  ')).toBe(PLANNING_DIVISION_NEUTRAL);
  });

  it('the refusals of the round and of an answer name the division passed in', () => {
    const round = roundTransition('open', 'confirm', 'department', '経営戦略課');
    expect(round.ok).toBe(false);
    if (!round.ok) expect(round.refusal.message).toBe('照会の「確定」は経営戦略課が行います');
    const byRole = partTransition('open', 'submitted', 'approve', 'department', '企画課');
    if (!byRole.ok) expect(byRole.refusal.message).toContain('は企画課が行います');
    expect(byRole.ok).toBe(false);
    const closed = partTransition('open', 'submitted', 'edit', 'department', '総合政策課');
    expect(closed.ok).toBe(false);
    if (!closed.ok) {
      expect(closed.refusal.message).toContain('総合政策課に差戻しを依頼してください');
      expect(closed.refusal.message).not.toContain('企画政策課');
    }
    // Without a name: the neutral wording, never one city's division.
    const neutral = partTransition('open', 'approved', 'submit', 'department');
    if (!neutral.ok) expect(neutral.refusal.message).toContain('企画担当課に差戻しを依頼してください');
    expect(neutral.ok).toBe(false);
  });
});
