import type { RequestContext } from './context.ts';
import type { AppError } from './errors.ts';

/** What a call touches: its municipality and, when known, the departments owning the data. */
export interface Scope {
  municipalityId: string | null;
  departmentIds?: string[];
}

export type Action = 'read' | 'write' | 'admin';

/**
 * The one place where access rules are decided. Today: a caller bound to a municipality may only
 * touch that municipality's data; everything else is allowed (placeholder actor). The accounts
 * issue adds roles and department checks here, and nowhere else.
 */
export function authorize(ctx: RequestContext, _action: Action, scope: Scope): AppError | null {
  if (ctx.municipalityId && scope.municipalityId && ctx.municipalityId !== scope.municipalityId) {
    return {
      code: 'FORBIDDEN',
      message: '他の自治体のデータにはアクセスできません',
      messageEn: 'This data belongs to another municipality',
      place: null,
    };
  }
  return null;
}
