import type { Me } from '../api/types.ts';

/** The permissions the UI shows or hides controls for. */
export type UiPermission =
  | 'figures.write'
  | 'imports.write'
  | 'settings.write'
  | 'commentary.write'
  | 'audit.read'
  | 'municipalities.write'
  | 'evaluation.override'
  | 'opinion.write'
  | 'opinion.respond'
  | 'indicator.edit';

type Grant = 'all' | 'dept' | 'own';

/**
 * What each role may do, as the UI needs to know it. This only decides which controls are shown:
 * the server checks every request itself (src/services/access.ts), whatever the UI shows.
 */
const GRANTS: Record<string, Partial<Record<UiPermission, Grant>>> = {
  admin: {
    'figures.write': 'all',
    'imports.write': 'all',
    'settings.write': 'all',
    'commentary.write': 'all',
    'audit.read': 'all',
    'municipalities.write': 'all',
    'evaluation.override': 'all',
    'opinion.write': 'all',
    'opinion.respond': 'all',
    'indicator.edit': 'all',
  },
  planner: {
    'figures.write': 'all',
    'imports.write': 'all',
    'settings.write': 'all',
    'commentary.write': 'all',
    'audit.read': 'all',
    'evaluation.override': 'all',
    'opinion.write': 'all',
    'opinion.respond': 'all',
    'indicator.edit': 'all',
  },
  editor: { 'figures.write': 'dept', 'commentary.write': 'dept', 'opinion.respond': 'dept' },
  committee: { 'opinion.write': 'own' },
  viewer: {},
};

/**
 * How far the signed-in user may go: 'all', 'dept' (own departments only) or null (not at all).
 *
 * @example grantOf(me, 'figures.write') // 'dept' for a department editor, null for a viewer
 */
export function grantOf(me: Pick<Me, 'user'> | null, permission: UiPermission): Grant | null {
  const role = me?.user.role;
  if (!role) return null;
  return GRANTS[role]?.[permission] ?? null;
}

/**
 * Department names the user may enter figures for, among the departments named in the tree.
 *
 * @example enterableDepartments(editor, ['企画政策課', '商工観光課'], tree.departments) // ['商工観光課']
 */
export function enterableDepartments(
  me: Pick<Me, 'user' | 'departmentIds'> | null,
  names: readonly string[],
  known: readonly { id: string; name: string }[] | undefined,
): string[] {
  const grant = grantOf(me, 'figures.write');
  if (grant === 'all') return [...names];
  if (grant !== 'dept' || !me) return [];
  const own = new Set((known ?? []).filter((d) => me.departmentIds.includes(d.id)).map((d) => d.name));
  return names.filter((n) => own.has(n));
}

/**
 * Whether the user may do something on an object owned by these departments (ids): a grant for
 * all, or a department grant sharing one of the departments. The server decides regardless.
 *
 * @example mayOn(editor, 'commentary.write', ['d1']) // true when the editor belongs to d1
 */
export function mayOn(
  me: Pick<Me, 'user' | 'departmentIds'> | null,
  permission: UiPermission,
  departmentIds: readonly string[],
): boolean {
  const grant = grantOf(me, permission);
  if (grant === 'all' || grant === 'own') return true;
  return grant === 'dept' && !!me && departmentIds.some((d) => me.departmentIds.includes(d));
}
