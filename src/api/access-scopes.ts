import type { Kysely } from 'kysely';
import type { Scope } from '../services/access.ts';
import type { RequestContext } from '../services/context.ts';
import { scopeOfException, scopeOfPart, scopeOfRound } from '../services/rounds/reporting-rounds.ts';
import { scopeOfIndicator } from '../services/scope.ts';
import { scopeOfOpinion, scopeOfOpinionTarget } from '../services/strategy/opinions.ts';
import { commentaryTarget } from '../store/commentary.ts';
import { departmentIdsNamed, linkedDepartmentIds } from '../store/departments.ts';
import { municipalityExists } from '../store/municipalities.ts';
import { type MunicipalTable, municipalityOfImportOrUser, municipalityOfRow } from '../store/owners.ts';
import type { Database } from '../store/schema.ts';
import { strategyMunicipalityId } from '../store/strategies.ts';
import type { ScopeInput } from './route.ts';

type Resolver = (input: ScopeInput) => Promise<Scope | null>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The scope of objects that belong to the deployment rather than a municipality (administrator
 * accounts, imports made by an administrator): no municipal caller matches it.
 */
export const DEPLOYMENT_SCOPE: Scope = { municipalityId: '(deployment)' };

/**
 * How routes derive the scope (municipality and owning departments) of what a request touches.
 * Every object kind of the API has one; the central check in route.ts calls it before the handler.
 */
export function scopes(db: Kysely<Database>) {
  async function ofStrategy(id: string): Promise<Scope | null> {
    const municipalityId = await strategyMunicipalityId(db, id);
    return municipalityId === null ? null : { municipalityId };
  }
  /** A row of a municipality-owned table: its municipality, or null when there is no such row. */
  async function municipalityOf(table: MunicipalTable, id: string): Promise<Scope | null> {
    const municipalityId = await municipalityOfRow(db, table, id);
    return municipalityId === undefined ? null : { municipalityId };
  }
  /** An import or account: its municipality, the deployment's when it has none. */
  async function municipalityOrDeployment(table: 'imports' | 'users', id: string): Promise<Scope | null> {
    const municipalityId = await municipalityOfImportOrUser(db, table, id);
    if (municipalityId === undefined) return null;
    return municipalityId ? { municipalityId } : DEPLOYMENT_SCOPE;
  }
  /** An indicator belongs to its strategy's municipality and to the departments answerable for it. */
  const ofIndicator = (id: string, ctx: Pick<RequestContext, 'reads'> = {}) => scopeOfIndicator(db, id, ctx);
  async function ofCommentary(id: string): Promise<Scope | null> {
    const c = await commentaryTarget(db, id);
    if (!c) return null;
    if (c.targetType === 'indicator') return ofIndicator(c.targetId);
    const s = await ofStrategy(c.strategyId);
    return s ? { ...s, departmentIds: await linkedDepartmentIds(db, c.targetType, [c.targetId]) } : null;
  }
  return {
    /** Lists and creations scoped by the caller's own municipality (every query filters by it). */
    own: (async ({ ctx }) => ({ municipalityId: ctx.municipalityId })) as Resolver,
    /** `municipalityId` in the body. */
    bodyMunicipality: (async ({ body }) => ({
      municipalityId: str((body as { municipalityId?: unknown } | null)?.municipalityId) || null,
    })) as Resolver,
    strategy: (async ({ params }) => ofStrategy(str(params.id))) as Resolver,
    /**
     * A department's entry workbook of a strategy: the strategy's municipality and the department
     * named in `?department=` (current or former name). The upload's department must equal it
     * (diffEntries refuses another department's workbook), so the check covers the file too.
     */
    entryWorkbook: (async ({ params, query }) => {
      const s = await ofStrategy(str(params.id));
      if (!s?.municipalityId) return s;
      return {
        ...s,
        departmentIds: await departmentIdsNamed(db, s.municipalityId, str(query.department)),
      };
    }) as Resolver,
    indicator: (async ({ params, ctx }) => ofIndicator(str(params.id), ctx)) as Resolver,
    commentary: (async ({ params }) => ofCommentary(str(params.id))) as Resolver,
    /** A new opinion: the strategy (params.id) and its target in the body (departments answering for it). */
    opinionTarget: (async ({ params, body }) => {
      const b = (body ?? {}) as { targetType?: unknown; targetId?: unknown };
      const s = await ofStrategy(str(params.id));
      if (!s) return null;
      const type = b.targetType === 'measure' ? 'measure' : 'indicator';
      return (await scopeOfOpinionTarget(db, str(params.id), type, str(b.targetId))) ?? s;
    }) as Resolver,
    /** An opinion: its target's municipality and departments, and its author. */
    opinion: (async ({ params }) => scopeOfOpinion(db, str(params.id))) as Resolver,
    statusScheme: (async ({ params }) => municipalityOf('status_schemes', str(params.id))) as Resolver,
    import: (async ({ params }) => municipalityOrDeployment('imports', str(params.id))) as Resolver,
    user: (async ({ params }) => municipalityOrDeployment('users', str(params.id))) as Resolver,
    token: (async ({ params }) => municipalityOf('api_tokens', str(params.id))) as Resolver,
    /** A municipality named by `:id` (its departments list, a new department). */
    municipality: (async ({ params }) => {
      const id = str(params.id);
      return (await municipalityExists(db, id)) ? { municipalityId: id } : null;
    }) as Resolver,
    department: (async ({ params }) => municipalityOf('departments', str(params.id))) as Resolver,
    tagSet: (async ({ params }) => municipalityOf('tag_sets', str(params.id))) as Resolver,
    importTemplate: (async ({ params }) => municipalityOf('import_templates', str(params.id))) as Resolver,
    /** A reporting round: its municipality. */
    round: (async ({ params }) => scopeOfRound(db, str(params.id))) as Resolver,
    /** A department's answer in a round: the municipality and that department. */
    roundPart: (async ({ params }) => scopeOfPart(db, str(params.id), str(params.departmentId))) as Resolver,
    /** A round exception: its round's municipality. */
    roundException: (async ({ params }) => scopeOfException(db, str(params.id))) as Resolver,
    transition: (async ({ params }) => municipalityOf('period_transitions', str(params.id))) as Resolver,
  };
}

export type Scopes = ReturnType<typeof scopes>;
