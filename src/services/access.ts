import { ROLES, type Role } from './auth-roles.ts';
import type { RequestContext } from './context.ts';
import type { AppError } from './errors.ts';

/**
 * What a call touches: its municipality and, when known, the departments owning the data and the
 * author of the object (for rules on one's own objects, e.g. a committee member's opinions).
 */
export interface Scope {
  municipalityId: string | null;
  departmentIds?: string[];
  /** The object's author (user id); absent for objects without one and for creations. */
  authorId?: string | null;
}

export { ROLES, type Role };

/** Fine-grained permissions, declared by routes and checked centrally. */
export const PERMISSIONS = [
  'data.read',
  'figures.write',
  'commentary.write',
  'opinion.write',
  'opinion.respond',
  'indicator.edit',
  'evaluation.override',
  'imports.write',
  'settings.write',
  'publication.write',
  'audit.read',
  'users.manage',
  'tokens.manage',
  /** Open, close, confirm and publish reporting rounds; return and approve answers; exceptions. */
  'rounds.manage',
  /** Submit a department's answer in a reporting round. */
  'rounds.submit',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * `read` / `write` / `admin` are the coarse checks services make themselves (defence in depth:
 * municipality boundary and whether the role may write at all); the permissions are what routes
 * declare (object and field level).
 */
export type Action = 'read' | 'write' | 'admin' | Permission;

/**
 * Which permissions each role has. `dept` = only for objects its departments own; `own` = only
 * for objects the caller wrote (and for new ones).
 */
const GRANTS: Record<Role, Partial<Record<Permission, Grant>>> = {
  admin: Object.fromEntries(PERMISSIONS.map((p) => [p, 'all'])),
  planner: Object.fromEntries(PERMISSIONS.filter((p) => p !== 'opinion.write').map((p) => [p, 'all'])),
  // 担当課: figures and commentary of their departments, and the response (対応方針) to opinions on them.
  editor: {
    'data.read': 'all',
    'figures.write': 'dept',
    'commentary.write': 'dept',
    'opinion.respond': 'dept',
    'rounds.submit': 'dept',
  },
  // 有識者: read, and write their own opinions (意見).
  committee: { 'data.read': 'all', 'opinion.write': 'own' },
  viewer: { 'data.read': 'all' },
};
type Grant = 'all' | 'dept' | 'own';
// Planners may also write opinions on behalf of the committee (minutes).
GRANTS.planner['opinion.write'] = 'all';

function deny(message: string, messageEn: string): AppError {
  return { code: 'FORBIDDEN', message, messageEn, place: null };
}

const OTHER_MUNICIPALITY = () =>
  deny('他の自治体のデータにはアクセスできません', 'This data belongs to another municipality');

/** How far a principal may go for a permission: 'all', 'dept' (its departments only) or none. */
function grantOf(ctx: RequestContext, permission: Permission): Grant | null {
  if (ctx.principal === 'system') return 'all';
  if (ctx.principal === 'token') {
    if (permission === 'data.read') return 'all';
    if (permission === 'figures.write' && ctx.tokenAccess === 'write')
      return ctx.departmentIds.length ? 'dept' : 'all';
    return null;
  }
  if (ctx.principal !== 'user' || !ctx.role || ctx.role === 'system') return null;
  return GRANTS[ctx.role][permission] ?? null;
}

const COARSE: Record<'read' | 'write' | 'admin', Permission[]> = {
  read: ['data.read'],
  write: ['figures.write', 'commentary.write', 'indicator.edit', 'imports.write'],
  admin: ['settings.write'],
};

/**
 * The one place where access rules are decided. Returns null when allowed, else a FORBIDDEN error.
 * A caller bound to a municipality never touches another municipality's data; an administrator
 * or the system may touch any. Department-scoped grants need the object's departments to share
 * one with the caller's.
 *
 * @example
 * authorize(editorCtx, 'figures.write', { municipalityId: 'm1', departmentIds: ['d1'] }) // null if editor of d1
 * authorize(editorCtx, 'indicator.edit', { municipalityId: 'm1', departmentIds: ['d1'] }) // FORBIDDEN
 * authorize(committeeCtx, 'opinion.write', { municipalityId: 'm1', authorId: 'someone-else' }) // FORBIDDEN
 */
export function authorize(ctx: RequestContext, action: Action, scope: Scope): AppError | null {
  if (ctx.principal === 'anonymous') return deny('サインインが必要です', 'Sign-in required');
  if (ctx.principal === 'system') {
    if (ctx.municipalityId && scope.municipalityId && ctx.municipalityId !== scope.municipalityId)
      return OTHER_MUNICIPALITY();
    return null;
  }
  const isAdmin = ctx.principal === 'user' && ctx.role === 'admin';
  if (!isAdmin) {
    // Bound callers stay in their municipality; an unbound non-administrator touches nothing.
    if (!ctx.municipalityId)
      return deny('自治体に所属していないため操作できません', 'Your account belongs to no municipality');
    if (scope.municipalityId && scope.municipalityId !== ctx.municipalityId) return OTHER_MUNICIPALITY();
  }
  const permissions = action in COARSE ? COARSE[action as keyof typeof COARSE] : [action as Permission];
  for (const p of permissions) {
    const grant = grantOf(ctx, p);
    if (grant === 'all') return null;
    if (grant === 'dept') {
      // Coarse service checks do not know the object's owners; the route's declared check does.
      if (action in COARSE) return null;
      const owners = scope.departmentIds ?? [];
      if (owners.some((d) => ctx.departmentIds.includes(d))) return null;
      return deny(
        'この指標・事業は担当課の所管ではありません',
        'This indicator or project is not owned by your department',
      );
    }
    if (grant === 'own') {
      if (action in COARSE || scope.authorId == null || scope.authorId === ctx.actor.id) return null;
      return deny('他の人が書いたものは編集できません', 'You may only edit what you wrote yourself');
    }
  }
  return deny('この操作を行う権限がありません', 'Your role does not allow this action');
}

/**
 * Whether a role may be granted by this caller: administrators grant any role; planners grant
 * every role but administrator, in their own municipality.
 */
export function mayGrant(ctx: RequestContext, role: Role, municipalityId: string | null): boolean {
  if (ctx.principal === 'system') return true;
  if (ctx.principal !== 'user') return false;
  if (ctx.role === 'admin') return true;
  return ctx.role === 'planner' && role !== 'admin' && municipalityId === ctx.municipalityId;
}
