import { describe, expect, it } from 'vitest';
import { authorize, mayGrant, type Role } from './access.ts';
import { anonymousContext, type RequestContext, systemContext } from './context.ts';

const user = (role: Role, municipalityId: string | null, departmentIds: string[] = []): RequestContext => ({
  ...systemContext(),
  principal: 'user',
  role,
  actor: { id: 'u', name: 'u' },
  municipalityId,
  departmentIds,
  departmentId: departmentIds[0] ?? null,
});
const m1 = { municipalityId: 'm1', departmentIds: ['d1'] };

describe('authorize', () => {
  it('keeps every bound caller in its municipality', () => {
    for (const role of ['planner', 'editor', 'committee', 'viewer'] as const)
      expect(authorize(user(role, 'm2', ['d1']), 'data.read', m1)?.code).toBe('FORBIDDEN');
    expect(authorize(user('admin', null), 'indicator.edit', m1)).toBeNull();
    expect(authorize(user('viewer', null), 'data.read', m1)?.code).toBe('FORBIDDEN');
    expect(authorize(anonymousContext(), 'data.read', m1)?.code).toBe('FORBIDDEN');
  });
  it('department editors: figures and comments of their departments only; never names or targets', () => {
    const ed = user('editor', 'm1', ['d1']);
    expect(authorize(ed, 'figures.write', m1)).toBeNull();
    expect(authorize(ed, 'commentary.write', m1)).toBeNull();
    expect(authorize(ed, 'figures.write', { municipalityId: 'm1', departmentIds: ['d2'] })?.code).toBe(
      'FORBIDDEN',
    );
    expect(authorize(ed, 'indicator.edit', m1)?.code).toBe('FORBIDDEN');
    expect(authorize(ed, 'evaluation.override', m1)?.code).toBe('FORBIDDEN');
  });
  it('committee writes opinions, viewers only read', () => {
    expect(authorize(user('committee', 'm1'), 'opinion.write', m1)).toBeNull();
    expect(authorize(user('committee', 'm1'), 'figures.write', m1)?.code).toBe('FORBIDDEN');
    expect(authorize(user('viewer', 'm1'), 'opinion.write', m1)?.code).toBe('FORBIDDEN');
    expect(authorize(user('viewer', 'm1'), 'write', m1)?.code).toBe('FORBIDDEN');
  });
  it('opinions: committee members edit only their own; editors respond for their departments', () => {
    const member = user('committee', 'm1');
    expect(authorize(member, 'opinion.write', { ...m1, authorId: 'u' })).toBeNull();
    expect(authorize(member, 'opinion.write', { ...m1, authorId: 'someone-else' })?.code).toBe('FORBIDDEN');
    expect(authorize(member, 'opinion.respond', m1)?.code).toBe('FORBIDDEN');
    expect(authorize(user('planner', 'm1'), 'opinion.write', { ...m1, authorId: 'someone-else' })).toBeNull();
    expect(authorize(user('planner', 'm1'), 'opinion.respond', m1)).toBeNull();
    const ed = user('editor', 'm1', ['d1']);
    expect(authorize(ed, 'opinion.respond', m1)).toBeNull();
    expect(authorize(ed, 'opinion.respond', { municipalityId: 'm1', departmentIds: ['d2'] })?.code).toBe(
      'FORBIDDEN',
    );
    expect(authorize(ed, 'opinion.write', { ...m1, authorId: 'u' })?.code).toBe('FORBIDDEN');
    expect(authorize(user('viewer', 'm1'), 'opinion.respond', m1)?.code).toBe('FORBIDDEN');
  });
  it('tokens: read, and write figures of their departments when granted', () => {
    const token = (access: 'read' | 'write', departmentIds: string[]): RequestContext => ({
      ...user('viewer', 'm1', departmentIds),
      principal: 'token',
      role: null,
      tokenAccess: access,
    });
    expect(authorize(token('read', []), 'data.read', m1)).toBeNull();
    expect(authorize(token('read', []), 'figures.write', m1)?.code).toBe('FORBIDDEN');
    expect(authorize(token('write', ['d1']), 'figures.write', m1)).toBeNull();
    expect(authorize(token('write', ['d2']), 'figures.write', m1)?.code).toBe('FORBIDDEN');
    expect(authorize(token('write', []), 'commentary.write', m1)?.code).toBe('FORBIDDEN');
  });
  it('who may grant which role', () => {
    expect(mayGrant(user('planner', 'm1'), 'editor', 'm1')).toBe(true);
    expect(mayGrant(user('planner', 'm1'), 'admin', null)).toBe(false);
    expect(mayGrant(user('planner', 'm1'), 'editor', 'm2')).toBe(false);
    expect(mayGrant(user('admin', null), 'admin', null)).toBe(true);
    expect(mayGrant(user('editor', 'm1'), 'viewer', 'm1')).toBe(false);
  });
});
