/**
 * The access matrix: every principal (each role, API tokens, nobody) against every route and
 * object kind — an object of the caller's municipality (one its department owns and one it does
 * not) and one of another municipality — asserting the exact set that gets past the access check.
 * Every response body is scanned for password hashes, session ids and token secrets.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { sha256 } from '../../src/services/accounts/sessions.ts';
import { createToken } from '../../src/services/accounts/tokens.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { changeRound, openRound } from '../../src/services/rounds/round-changes.ts';
import { openException } from '../../src/services/rounds/round-exceptions.ts';
import { insertMunicipality } from '../../src/store/municipalities.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

const PRINCIPALS = [
  'anonymous',
  'admin',
  'planner',
  'editor',
  'committee',
  'viewer',
  'tokenRead',
  'tokenWrite',
  'tokenWriteDept',
] as const;
type Principal = (typeof PRINCIPALS)[number];

const READ: Principal[] = [
  'admin',
  'planner',
  'editor',
  'committee',
  'viewer',
  'tokenRead',
  'tokenWrite',
  'tokenWriteDept',
];
const SIGNED_IN = READ;
const PLAN: Principal[] = ['admin', 'planner'];
/** People signed in (not machine tokens). */
const PEOPLE: Principal[] = ['admin', 'planner', 'editor', 'committee', 'viewer'];
const ONLY_ADMIN: Principal[] = ['admin'];
const EVERYONE: Principal[] = [...PRINCIPALS];
/** Figures of an indicator the editor's department owns. */
const FIGURES_OWNED: Principal[] = ['admin', 'planner', 'editor', 'tokenWrite', 'tokenWriteDept'];
/** Figures of an indicator of another department. */
const FIGURES_OTHER: Principal[] = ['admin', 'planner', 'tokenWrite'];
const COMMENT_OWNED: Principal[] = ['admin', 'planner', 'editor'];

interface World {
  strategyA: string;
  strategyB: string;
  municipalityA: string;
  municipalityB: string;
  /** k1: owned by the editor's department; k2: not; k3: through its project. */
  ind: Record<'k1' | 'k2' | 'k3' | 'b1', string>;
  commentaryA: string;
  commentaryA2: string;
  commentaryB: string;
  schemeA: () => Promise<string>;
  schemeB: () => Promise<string>;
  importA: string;
  importB: string;
  userA: string;
  userB: string;
  adminUser: string;
  tokenA: () => Promise<string>;
  tokenB: () => Promise<string>;
  /** Measure m1 of A (its project is the editor's department's). */
  measureA: string;
  /** Opinions: by the matrix committee member on m1; by another member on k2; one in B. */
  opinionOwn: string;
  opinionOtherAuthor: string;
  opinionB: string;
  /** A department and a tag set of each municipality (settings). */
  departmentA: string;
  departmentB: string;
  tagSetA: string;
  tagSetB: string;
  /** Reporting rounds (FY2021, confirmed, with an exception on k1) of A and B; A's departments. */
  roundA: string;
  roundB: string;
  exceptionA: string;
  exceptionB: string;
  shokoA: string;
  kikakuA: string;
  shokoB: string;
  /** An import template of A and of B. */
  templateA: string;
  templateB: string;
  /** A draft move to the next period of A and of B, with its plan as saved. */
  transitionA: { id: string; plan: unknown };
  transitionB: { id: string; plan: unknown };
}

type Case = {
  /** method + url pattern, as in the OpenAPI document. */
  route: string;
  object: string;
  allowed: Principal[];
  request: (w: World) => Promise<InjectOptions> | InjectOptions;
};

const scheme = (municipalityId: string, id: string) => ({
  municipalityId,
  definition: {
    id,
    name: id,
    description: 'matrix',
    rules: [{ when: { always: true }, key: 'x', label: 'X', color: '#000000' }],
    fallback: { key: 'n', label: 'N', color: '#777777' },
  },
});

const CASES: Case[] = [
  { route: 'GET /api/health', object: '-', allowed: EVERYONE, request: () => ({ url: '/api/health' }) },
  { route: 'GET /api/setup', object: '-', allowed: EVERYONE, request: () => ({ url: '/api/setup' }) },
  // SSO sign-in: public (here not configured: the availability says so, the others answer 404).
  { route: 'GET /api/auth/oidc', object: '-', allowed: EVERYONE, request: () => ({ url: '/api/auth/oidc' }) },
  {
    route: 'GET /api/auth/oidc/start',
    object: '-',
    allowed: EVERYONE,
    request: () => ({ url: '/api/auth/oidc/start' }),
  },
  {
    route: 'GET /api/auth/oidc/callback',
    object: '-',
    allowed: EVERYONE,
    request: () => ({ url: '/api/auth/oidc/callback?code=x&state=y' }),
  },
  {
    route: 'POST /api/setup',
    object: '-',
    allowed: EVERYONE, // public, but closed: 409 for everybody
    request: () => ({
      method: 'POST',
      url: '/api/setup',
      payload: { userName: 'late-admin', name: 'x', password: 'another long passphrase 9' },
    }),
  },
  {
    route: 'POST /api/auth/sign-in',
    object: '-',
    allowed: EVERYONE,
    request: () => ({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { userName: 'nobody-here', password: 'wrong password here' },
    }),
  },
  { route: 'GET /api/auth/me', object: '-', allowed: SIGNED_IN, request: () => ({ url: '/api/auth/me' }) },
  {
    route: 'GET /api/auth/session',
    object: '-',
    allowed: EVERYONE,
    request: () => ({ url: '/api/auth/session' }),
  },
  {
    route: 'GET /api/me/preferences',
    object: '-',
    allowed: PEOPLE,
    request: () => ({ url: '/api/me/preferences' }),
  },
  {
    route: 'PUT /api/me/preferences',
    object: 'own',
    allowed: PEOPLE,
    request: (w) => ({ method: 'PUT', url: '/api/me/preferences', payload: { strategyId: w.strategyA } }),
  },
  {
    route: 'PUT /api/me/preferences',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({ method: 'PUT', url: '/api/me/preferences', payload: { strategyId: w.strategyB } }),
  },
  {
    route: 'GET /api/municipalities',
    object: 'own',
    allowed: READ,
    request: () => ({ url: '/api/municipalities' }),
  },
  {
    route: 'POST /api/municipalities',
    object: '-',
    allowed: ONLY_ADMIN,
    request: () => ({ method: 'POST', url: '/api/municipalities', payload: { name: `市${Math.random()}` } }),
  },
  ...(['own', 'other municipality'] as const).flatMap((o): Case[] => {
    const m = (w: World) => (o === 'own' ? w.municipalityA : w.municipalityB);
    const s = (w: World) => (o === 'own' ? w.strategyA : w.strategyB);
    return [
      {
        route: 'PATCH /api/municipalities/{id}',
        object: o,
        allowed: ONLY_ADMIN,
        request: (w) => ({
          method: 'PATCH',
          url: `/api/municipalities/${m(w)}`,
          payload: { name: 'x', version: 99 },
        }),
      },
      {
        route: 'GET /api/municipalities/{id}/strategies',
        object: o,
        allowed: o === 'own' ? READ : ONLY_ADMIN,
        request: (w) => ({ url: `/api/municipalities/${m(w)}/strategies` }),
      },
      {
        route: 'PATCH /api/strategies/{id}',
        object: o,
        allowed: o === 'own' ? PLAN : ONLY_ADMIN,
        request: (w) => ({
          method: 'PATCH',
          url: `/api/strategies/${s(w)}`,
          payload: { name: 'x', period: { from: 2020, to: 2024 }, asOf: null, version: 99 },
        }),
      },
    ];
  }),
  { route: 'GET /api/users', object: 'own', allowed: PLAN, request: () => ({ url: '/api/users' }) },
  {
    route: 'POST /api/users',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        userName: `new-${Math.random().toString(36).slice(2, 10)}`,
        name: '新規',
        password: 'a fine long passphrase 1',
        role: 'viewer',
        municipalityId: w.municipalityA,
      },
    }),
  },
  {
    route: 'POST /api/users',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        userName: `new-${Math.random().toString(36).slice(2, 10)}`,
        name: '新規',
        password: 'a fine long passphrase 1',
        role: 'viewer',
        municipalityId: w.municipalityB,
      },
    }),
  },
  {
    route: 'PATCH /api/users/{id}',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({ method: 'PATCH', url: `/api/users/${w.userA}`, payload: { role: 'viewer' } }),
  },
  {
    route: 'PATCH /api/users/{id}',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({ method: 'PATCH', url: `/api/users/${w.userB}`, payload: { role: 'viewer' } }),
  },
  {
    route: 'PATCH /api/users/{id}',
    object: 'administrator account',
    allowed: ONLY_ADMIN,
    request: (w) => ({ method: 'PATCH', url: `/api/users/${w.adminUser}`, payload: { disabled: false } }),
  },
  { route: 'GET /api/tokens', object: 'own', allowed: PLAN, request: () => ({ url: '/api/tokens' }) },
  {
    route: 'POST /api/tokens',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({
      method: 'POST',
      url: '/api/tokens',
      payload: { municipalityId: w.municipalityA, name: 'stat', access: 'read' },
    }),
  },
  {
    route: 'POST /api/tokens',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({
      method: 'POST',
      url: '/api/tokens',
      payload: { municipalityId: w.municipalityB, name: 'stat', access: 'read' },
    }),
  },
  {
    route: 'DELETE /api/tokens/{id}',
    object: 'own',
    allowed: PLAN,
    request: async (w) => ({ method: 'DELETE', url: `/api/tokens/${await w.tokenA()}` }),
  },
  {
    route: 'DELETE /api/tokens/{id}',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: async (w) => ({ method: 'DELETE', url: `/api/tokens/${await w.tokenB()}` }),
  },
  { route: 'GET /api/tag-sets', object: 'own', allowed: READ, request: () => ({ url: '/api/tag-sets' }) },
  {
    route: 'POST /api/tag-sets',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({
      method: 'POST',
      url: '/api/tag-sets',
      payload: { municipalityId: w.municipalityA, name: `分類${Math.random()}`, tags: ['a'] },
    }),
  },
  {
    route: 'POST /api/tag-sets',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({
      method: 'POST',
      url: '/api/tag-sets',
      payload: { municipalityId: w.municipalityB, name: `分類${Math.random()}`, tags: ['a'] },
    }),
  },
  ...(['own', 'other municipality'] as const).flatMap((o): Case[] => {
    const allowed = o === 'own' ? PLAN : ONLY_ADMIN;
    const m = (w: World) => (o === 'own' ? w.municipalityA : w.municipalityB);
    const dept = (w: World) => (o === 'own' ? w.departmentA : w.departmentB);
    const set = (w: World) => (o === 'own' ? w.tagSetA : w.tagSetB);
    return [
      {
        route: 'GET /api/municipalities/{id}/departments',
        object: o,
        allowed,
        request: (w) => ({ url: `/api/municipalities/${m(w)}/departments` }),
      },
      {
        route: 'POST /api/municipalities/{id}/departments',
        object: o,
        allowed,
        request: (w) => ({
          method: 'POST',
          url: `/api/municipalities/${m(w)}/departments`,
          payload: { name: `課${Math.random()}` },
        }),
      },
      {
        route: 'PATCH /api/departments/{id}',
        object: o,
        allowed,
        request: (w) => ({
          method: 'PATCH',
          url: `/api/departments/${dept(w)}`,
          payload: { version: 99, name: 'x' },
        }),
      },
      {
        route: 'PATCH /api/tag-sets/{id}',
        object: o,
        allowed,
        request: (w) => ({
          method: 'PATCH',
          url: `/api/tag-sets/${set(w)}`,
          payload: { version: 99, name: 'x' },
        }),
      },
      {
        route: 'DELETE /api/tag-sets/{id}',
        object: o,
        allowed,
        request: (w) => ({ method: 'DELETE', url: `/api/tag-sets/${set(w)}?version=99` }),
      },
    ];
  }),
  {
    route: 'GET /api/status-schemes',
    object: 'own',
    allowed: READ,
    request: () => ({ url: '/api/status-schemes' }),
  },
  {
    route: 'POST /api/status-schemes',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({ method: 'POST', url: '/api/status-schemes', payload: scheme(w.municipalityA, 'p') }),
  },
  {
    route: 'POST /api/status-schemes',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({ method: 'POST', url: '/api/status-schemes', payload: scheme(w.municipalityB, 'p') }),
  },
  {
    route: 'PUT /api/status-schemes/{id}',
    object: 'own',
    allowed: PLAN,
    request: async (w) => ({
      method: 'PUT',
      url: `/api/status-schemes/${await w.schemeA()}`,
      payload: { version: 1, definition: scheme(w.municipalityA, 'q').definition },
    }),
  },
  {
    route: 'PUT /api/status-schemes/{id}',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: async (w) => ({
      method: 'PUT',
      url: `/api/status-schemes/${await w.schemeB()}`,
      payload: { version: 1, definition: scheme(w.municipalityB, 'q').definition },
    }),
  },
  {
    route: 'DELETE /api/status-schemes/{id}',
    object: 'own',
    allowed: PLAN,
    request: async (w) => ({ method: 'DELETE', url: `/api/status-schemes/${await w.schemeA()}` }),
  },
  {
    route: 'DELETE /api/status-schemes/{id}',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: async (w) => ({ method: 'DELETE', url: `/api/status-schemes/${await w.schemeB()}` }),
  },
  {
    route: 'POST /api/imports',
    object: 'own',
    allowed: PLAN,
    request: () => ({
      method: 'POST',
      url: '/api/imports?fileName=kpi.csv',
      payload: Buffer.from('基本目標,KPI,単位,基準値,目標値\n1,観光入込客数,千人,608千人,650千人\n'),
      headers: { 'content-type': 'text/csv' },
    }),
  },
  {
    route: 'GET /api/imports/{id}',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({ url: `/api/imports/${w.importA}` }),
  },
  {
    route: 'GET /api/imports/{id}',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({ url: `/api/imports/${w.importB}` }),
  },
  {
    route: 'POST /api/imports/{id}/mapping',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({
      method: 'POST',
      url: `/api/imports/${w.importA}/mapping`,
      payload: { version: 99, overrides: [] },
    }),
  },
  {
    route: 'POST /api/imports/{id}/mapping',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({
      method: 'POST',
      url: `/api/imports/${w.importB}/mapping`,
      payload: { version: 99, overrides: [] },
    }),
  },
  {
    route: 'POST /api/imports/{id}/commit',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({ method: 'POST', url: `/api/imports/${w.importA}/commit`, payload: { version: 99 } }),
  },
  {
    route: 'POST /api/imports/{id}/commit',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({ method: 'POST', url: `/api/imports/${w.importB}/commit`, payload: { version: 99 } }),
  },
  {
    route: 'POST /api/imports/{id}/plan',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({ method: 'POST', url: `/api/imports/${w.importA}/plan`, payload: {} }),
  },
  {
    route: 'POST /api/imports/{id}/plan',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({ method: 'POST', url: `/api/imports/${w.importB}/plan`, payload: {} }),
  },
  {
    route: 'POST /api/imports/{id}/template',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({
      method: 'POST',
      url: `/api/imports/${w.importA}/template`,
      payload: { version: 99, templateId: 'x' },
    }),
  },
  {
    route: 'POST /api/imports/{id}/template',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({
      method: 'POST',
      url: `/api/imports/${w.importB}/template`,
      payload: { version: 99, templateId: 'x' },
    }),
  },
  {
    route: 'POST /api/imports/{id}/as-template',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({
      method: 'POST',
      url: `/api/imports/${w.importA}/as-template`,
      payload: { name: 'matrix' },
    }),
  },
  {
    route: 'POST /api/imports/{id}/as-template',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({
      method: 'POST',
      url: `/api/imports/${w.importB}/as-template`,
      payload: { name: 'matrix' },
    }),
  },
  {
    route: 'GET /api/import-templates',
    object: 'own',
    allowed: PLAN,
    request: () => ({ url: '/api/import-templates' }),
  },
  {
    route: 'POST /api/import-templates',
    object: 'own',
    allowed: PLAN,
    request: () => ({ method: 'POST', url: '/api/import-templates', payload: {} }),
  },
  ...(['templateA', 'templateB'] as const).flatMap((key): Case[] => {
    const object = key === 'templateA' ? 'own' : 'other municipality';
    const allowed = key === 'templateA' ? PLAN : ONLY_ADMIN;
    return [
      {
        route: 'GET /api/import-templates/{id}',
        object,
        allowed,
        request: (w) => ({ url: `/api/import-templates/${w[key]}` }),
      },
      {
        route: 'DELETE /api/import-templates/{id}',
        object,
        allowed,
        // A stale version: past the check, the handler answers 409 and the template stays.
        request: (w) => ({ method: 'DELETE', url: `/api/import-templates/${w[key]}?version=99` }),
      },
    ];
  }),
  { route: 'GET /api/audit', object: 'own', allowed: PLAN, request: () => ({ url: '/api/audit' }) },
  { route: 'GET /api/metrics', object: '-', allowed: PLAN, request: () => ({ url: '/api/metrics' }) },
  { route: 'GET /api/strategies', object: 'own', allowed: READ, request: () => ({ url: '/api/strategies' }) },
  ...(['strategyA', 'strategyB'] as const).map(
    (key): Case => ({
      route: 'POST /api/strategies/{id}/status-scheme/preview',
      object: key === 'strategyA' ? 'own' : 'other municipality',
      allowed: key === 'strategyA' ? READ : ONLY_ADMIN,
      request: (w) => ({
        method: 'POST',
        url: `/api/strategies/${w[key]}/status-scheme/preview`,
        payload: { definition: scheme(w.municipalityA, 'p').definition },
      }),
    }),
  ),

  ...(['strategyA', 'strategyB'] as const).map(
    (key): Case => ({
      route: 'GET /api/strategies/{id}/status-scheme/proposal',
      object: key === 'strategyA' ? 'own' : 'other municipality',
      allowed: key === 'strategyA' ? READ : ONLY_ADMIN,
      request: (w) => ({ url: `/api/strategies/${w[key]}/status-scheme/proposal` }),
    }),
  ),

  ...(['', '/tree', '/summary', '/indicators', '/readings'] as const).flatMap((suffix): Case[] => [
    {
      route: `GET /api/strategies/{id}${suffix}`,
      object: 'own',
      allowed: READ,
      request: (w) => ({ url: `/api/strategies/${w.strategyA}${suffix}` }),
    },
    {
      route: `GET /api/strategies/{id}${suffix}`,
      object: 'other municipality',
      allowed: ONLY_ADMIN,
      request: (w) => ({ url: `/api/strategies/${w.strategyB}${suffix}` }),
    },
  ]),
  ...(['strategyA', 'strategyB'] as const).flatMap((key): Case[] => {
    const object = key === 'strategyA' ? 'own' : 'other municipality';
    const writers = key === 'strategyA' ? PLAN : ONLY_ADMIN;
    return [
      {
        route: 'GET /api/strategies/{id}/publication',
        object,
        allowed: key === 'strategyA' ? READ : ONLY_ADMIN,
        request: (w) => ({ url: `/api/strategies/${w[key]}/publication` }),
      },
      {
        route: 'PUT /api/strategies/{id}/publication/{fiscalYear}',
        object,
        allowed: writers,
        request: (w) => ({ method: 'PUT', url: `/api/strategies/${w[key]}/publication/2021` }),
      },
      {
        route: 'DELETE /api/strategies/{id}/publication/{fiscalYear}',
        object,
        allowed: writers,
        // A year never published: past the check, the handler answers 404.
        request: (w) => ({
          method: 'DELETE',
          url: `/api/strategies/${w[key]}/publication/2020`,
          payload: { reason: 'matrix' },
        }),
      },
    ];
  }),
  {
    route: 'POST /api/strategies/{id}/transitions',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({ method: 'POST', url: `/api/strategies/${w.strategyA}/transitions` }),
  },
  {
    route: 'POST /api/strategies/{id}/transitions',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({ method: 'POST', url: `/api/strategies/${w.strategyB}/transitions` }),
  },
  ...(['strategyA', 'strategyB'] as const).map(
    (key): Case => ({
      route: 'GET /api/strategies/{id}/transitions',
      object: key === 'strategyA' ? 'own' : 'other municipality',
      allowed: key === 'strategyA' ? READ : ONLY_ADMIN,
      request: (w) => ({ url: `/api/strategies/${w[key]}/transitions` }),
    }),
  ),
  ...(['transitionA', 'transitionB'] as const).flatMap((key): Case[] => {
    const object = key === 'transitionA' ? 'own' : 'other municipality';
    const writers = key === 'transitionA' ? PLAN : ONLY_ADMIN;
    return [
      {
        route: 'GET /api/transitions/{id}',
        object,
        allowed: key === 'transitionA' ? READ : ONLY_ADMIN,
        request: (w) => ({ url: `/api/transitions/${w[key].id}` }),
      },
      {
        route: 'PUT /api/transitions/{id}',
        object,
        allowed: writers,
        // A stale version: past the check, the handler answers 409 and nothing changes.
        request: (w) => ({
          method: 'PUT',
          url: `/api/transitions/${w[key].id}`,
          payload: { version: 99, plan: w[key].plan },
        }),
      },
      {
        route: 'POST /api/transitions/{id}/confirm',
        object,
        allowed: writers,
        request: (w) => ({
          method: 'POST',
          url: `/api/transitions/${w[key].id}/confirm`,
          payload: { version: 99 },
        }),
      },
    ];
  }),
  {
    route: 'PUT /api/strategies/{id}/status-scheme',
    object: 'own',
    allowed: PLAN,
    request: (w) => ({
      method: 'PUT',
      url: `/api/strategies/${w.strategyA}/status-scheme`,
      payload: { schemeId: null, version: 99 },
    }),
  },
  {
    route: 'PUT /api/strategies/{id}/status-scheme',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({
      method: 'PUT',
      url: `/api/strategies/${w.strategyB}/status-scheme`,
      payload: { schemeId: null, version: 99 },
    }),
  },
  ...(['', '/history', '/figure-versions', '/links', '/evaluation', '/commentary'] as const).flatMap(
    (suffix): Case[] => [
      {
        route: `GET /api/indicators/{id}${suffix}`,
        object: 'own',
        allowed: READ,
        request: (w) => ({ url: `/api/indicators/${w.ind.k2}${suffix}` }),
      },
      {
        route: `GET /api/indicators/{id}${suffix}`,
        object: 'other municipality',
        allowed: ONLY_ADMIN,
        request: (w) => ({ url: `/api/indicators/${w.ind.b1}${suffix}` }),
      },
    ],
  ),
  ...(
    [
      ['k1', 'own, department owns it', FIGURES_OWNED, COMMENT_OWNED],
      ['k3', 'own, department owns its project', FIGURES_OWNED, COMMENT_OWNED],
      ['k2', 'own, another department', FIGURES_OTHER, PLAN],
      ['b1', 'other municipality', ONLY_ADMIN, ONLY_ADMIN],
    ] as const
  ).flatMap(([k, object, figures, comments]): Case[] => [
    {
      route: 'PUT /api/indicators/{id}/observations/{fiscalYear}',
      object,
      allowed: [...figures],
      request: (w) => ({
        method: 'PUT',
        url: `/api/indicators/${w.ind[k]}/observations/2023`,
        payload: { raw: '1件', version: 99 },
      }),
    },
    {
      route: 'PATCH /api/indicators/{id}',
      object: `${object}: notes`,
      allowed: [...figures],
      request: (w) => ({
        method: 'PATCH',
        url: `/api/indicators/${w.ind[k]}`,
        payload: { version: 99, notes: ['事業休止'] },
      }),
    },
    {
      route: 'PATCH /api/indicators/{id}',
      object: `${object}: name (field rule)`,
      allowed: k === 'b1' ? ONLY_ADMIN : PLAN,
      request: (w) => ({
        method: 'PATCH',
        url: `/api/indicators/${w.ind[k]}`,
        payload: { version: 99, name: '新' },
      }),
    },
    {
      route: 'PUT /api/indicators/{id}/late-figures/{fiscalYear}',
      object,
      allowed: k === 'b1' ? ONLY_ADMIN : PLAN,
      request: (w) => ({
        method: 'PUT',
        url: `/api/indicators/${w.ind[k]}/late-figures/2023`,
        payload: { raw: '1,700件', reason: '理由', version: 99 },
      }),
    },
    {
      route: 'PUT /api/indicators/{id}/revisions/{kind}',
      object,
      allowed: k === 'b1' ? ONLY_ADMIN : PLAN,
      request: (w) => ({
        method: 'PUT',
        url: `/api/indicators/${w.ind[k]}/revisions/target`,
        payload: { raw: '1,700件', effectiveYear: 2023, reason: '理由', version: 99 },
      }),
    },
    {
      route: 'PUT /api/indicators/{id}/overrides/{fiscalYear}',
      object,
      allowed: k === 'b1' ? ONLY_ADMIN : PLAN,
      request: (w) => ({
        method: 'PUT',
        url: `/api/indicators/${w.ind[k]}/overrides/2023`,
        payload: { label: '遅れ', reason: '理由', version: 99 },
      }),
    },
    {
      route: 'POST /api/indicators/{id}/commentary',
      object,
      allowed: [...comments],
      request: (w) => ({
        method: 'POST',
        url: `/api/indicators/${w.ind[k]}/commentary`,
        payload: { fiscalYear: 2023, progress: '実施' },
      }),
    },
  ]),
  {
    route: 'PATCH /api/commentary/{id}',
    object: 'own, department owns it',
    allowed: COMMENT_OWNED,
    request: (w) => ({ method: 'PATCH', url: `/api/commentary/${w.commentaryA}`, payload: { version: 99 } }),
  },
  {
    route: 'PATCH /api/commentary/{id}',
    object: 'own, another department',
    allowed: PLAN,
    request: (w) => ({ method: 'PATCH', url: `/api/commentary/${w.commentaryA2}`, payload: { version: 99 } }),
  },
  {
    route: 'PATCH /api/commentary/{id}',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({ method: 'PATCH', url: `/api/commentary/${w.commentaryB}`, payload: { version: 99 } }),
  },
  ...(
    [
      ['own', 'strategyA', 'kpi-list'],
      ['other municipality', 'strategyB', 'kpi-list'],
    ] as const
  ).map(
    ([object, s, kind]): Case => ({
      route: 'GET /api/strategies/{id}/reports/{kind}',
      object,
      allowed: object === 'own' ? READ : ONLY_ADMIN,
      request: (w) => ({ url: `/api/strategies/${w[s]}/reports/${kind}?format=json` }),
    }),
  ),
  // The department Excel round trip: scoped by the workbook's department (?department=).
  ...(
    [
      ['own, the editor’s department', 'strategyA', '商工観光課', FIGURES_OWNED],
      ['own, another department', 'strategyA', '企画政策課', FIGURES_OTHER],
      ['own, no such department', 'strategyA', '存在しない課', FIGURES_OTHER],
      ['other municipality', 'strategyB', '商工観光課', ONLY_ADMIN],
    ] as const
  ).flatMap(([object, s, dept, allowed]): Case[] => {
    const q = `department=${encodeURIComponent(dept)}&fiscalYear=2023`;
    const upload =
      (step: string, extra = '') =>
      (w: World) => ({
        method: 'POST' as const,
        url: `/api/strategies/${w[s]}/entry-workbook/${step}?${q}${extra}`,
        payload: Buffer.from('not a workbook'),
        headers: { 'content-type': 'application/octet-stream' },
      });
    return [
      {
        route: 'GET /api/strategies/{id}/entry-workbook',
        object,
        allowed: [...allowed],
        request: (w) => ({ url: `/api/strategies/${w[s]}/entry-workbook?${q}` }),
      },
      {
        route: 'POST /api/strategies/{id}/entry-workbook/preview',
        object,
        allowed: [...allowed],
        request: upload('preview'),
      },
      {
        route: 'POST /api/strategies/{id}/entry-workbook/apply',
        object,
        allowed: [...allowed],
        request: upload('apply', '&confirm=x'),
      },
    ];
  }),
  // Committee opinions (有識者の意見) and responses (対応方針).
  ...(
    [
      ['own', 'strategyA', READ],
      ['other municipality', 'strategyB', ONLY_ADMIN],
    ] as const
  ).map(
    ([object, s, allowed]): Case => ({
      route: 'GET /api/strategies/{id}/opinions',
      object,
      allowed: [...allowed],
      request: (w) => ({ url: `/api/strategies/${w[s]}/opinions?fiscalYear=2023` }),
    }),
  ),
  {
    route: 'POST /api/strategies/{id}/opinions',
    object: 'own',
    allowed: ['admin', 'planner', 'committee'],
    request: (w) => ({
      method: 'POST',
      url: `/api/strategies/${w.strategyA}/opinions`,
      payload: { targetType: 'measure', targetId: w.measureA, fiscalYear: 2023, body: '意見' },
    }),
  },
  {
    route: 'POST /api/strategies/{id}/opinions',
    object: 'other municipality',
    allowed: ONLY_ADMIN,
    request: (w) => ({
      method: 'POST',
      url: `/api/strategies/${w.strategyB}/opinions`,
      payload: { targetType: 'indicator', targetId: w.ind.b1, fiscalYear: 2023, body: '意見' },
    }),
  },
  ...(
    [
      ['opinionOwn', 'body', 'own, written by the caller (committee)', ['admin', 'planner', 'committee']],
      ['opinionOtherAuthor', 'body', 'own, written by another member', PLAN],
      ['opinionOwn', 'response', 'own, target of the editor’s department', ['admin', 'planner', 'editor']],
      ['opinionOtherAuthor', 'response', 'own, target of another department', PLAN],
      ['opinionB', 'body', 'other municipality', ONLY_ADMIN],
      ['opinionB', 'response', 'other municipality', ONLY_ADMIN],
    ] as const
  ).map(
    ([o, field, object, allowed]): Case => ({
      route: 'PATCH /api/opinions/{id}',
      object: `${object}: ${field}`,
      allowed: [...allowed] as Principal[],
      request: (w) => ({
        method: 'PATCH',
        url: `/api/opinions/${w[o]}`,
        payload: { version: 99, [field]: 'x' },
      }),
    }),
  ),
  {
    route: 'PATCH /api/indicators/{id}',
    object: 'missing id',
    allowed: PLAN,
    request: () => ({
      method: 'PATCH',
      url: '/api/indicators/no-such-id',
      payload: { version: 1, name: 'x' },
    }),
  },
  { route: 'GET /api/rounds', object: 'own', allowed: READ, request: () => ({ url: '/api/rounds' }) },
  {
    route: 'GET /api/me/tasks',
    object: 'own',
    allowed: SIGNED_IN,
    request: () => ({ url: '/api/me/tasks' }),
  },
  {
    route: 'GET /api/me/notices',
    object: 'own',
    allowed: SIGNED_IN,
    request: () => ({ url: '/api/me/notices' }),
  },
  {
    route: 'POST /api/me/notices/read',
    object: 'own',
    allowed: SIGNED_IN,
    request: () => ({ method: 'POST', url: '/api/me/notices/read', payload: {} }),
  },
  ...(['own', 'other municipality'] as const).flatMap((o): Case[] => {
    const planAllowed = o === 'own' ? PLAN : ONLY_ADMIN;
    const readAllowed = o === 'own' ? READ : ONLY_ADMIN;
    const s = (w: World) => (o === 'own' ? w.strategyA : w.strategyB);
    const r = (w: World) => (o === 'own' ? w.roundA : w.roundB);
    const shoko = (w: World) => (o === 'own' ? w.shokoA : w.shokoB);
    return [
      {
        route: 'POST /api/strategies/{id}/rounds',
        object: o,
        allowed: planAllowed,
        request: (w) => ({
          method: 'POST',
          url: `/api/strategies/${s(w)}/rounds`,
          payload: { fiscalYear: 2022, deadline: '2030-05-31' },
        }),
      },
      {
        route: 'GET /api/strategies/{id}/rounds/{fiscalYear}',
        object: o,
        allowed: readAllowed,
        request: (w) => ({ url: `/api/strategies/${s(w)}/rounds/2021` }),
      },
      {
        route: 'GET /api/rounds/{id}',
        object: o,
        allowed: readAllowed,
        request: (w) => ({ url: `/api/rounds/${r(w)}` }),
      },
      {
        route: 'POST /api/rounds/{id}/transition',
        object: o,
        allowed: planAllowed,
        request: (w) => ({
          method: 'POST',
          url: `/api/rounds/${r(w)}/transition`,
          payload: { action: 'publish', version: 99 },
        }),
      },
      {
        route: 'GET /api/rounds/{id}/departments/{departmentId}',
        object: o,
        allowed: readAllowed,
        request: (w) => ({ url: `/api/rounds/${r(w)}/departments/${shoko(w)}` }),
      },
      {
        route: 'POST /api/rounds/{id}/departments/{departmentId}/submit',
        object: o === 'own' ? 'own department' : o,
        allowed: o === 'own' ? ['admin', 'planner', 'editor'] : ONLY_ADMIN,
        request: (w) => ({
          method: 'POST',
          url: `/api/rounds/${r(w)}/departments/${shoko(w)}/submit`,
          payload: { version: 99 },
        }),
      },
      ...(['return', 'approve'] as const).map(
        (a): Case => ({
          route: `POST /api/rounds/{id}/departments/{departmentId}/${a}`,
          object: o,
          allowed: planAllowed,
          request: (w) => ({
            method: 'POST',
            url: `/api/rounds/${r(w)}/departments/${shoko(w)}/${a}`,
            payload:
              a === 'return' ? { version: 99, items: [{ indicatorId: 'x', comment: 'c' }] } : { version: 99 },
          }),
        }),
      ),
      {
        route: 'POST /api/rounds/{id}/exceptions',
        object: o,
        allowed: planAllowed,
        request: (w) => ({
          method: 'POST',
          url: `/api/rounds/${r(w)}/exceptions`,
          payload: { indicatorId: o === 'own' ? w.ind.k1 : w.ind.b1, reason: 'matrix' },
        }),
      },
      {
        route: 'POST /api/round-exceptions/{id}/close',
        object: o,
        allowed: planAllowed,
        request: (w) => ({
          method: 'POST',
          url: `/api/round-exceptions/${o === 'own' ? w.exceptionA : w.exceptionB}/close`,
          payload: { version: 99 },
        }),
      },
      {
        route: 'POST /api/rounds/{id}/remind',
        object: o,
        allowed: planAllowed,
        request: (w) => ({ method: 'POST', url: `/api/rounds/${r(w)}/remind`, payload: {} }),
      },
    ];
  }),
  {
    route: 'POST /api/rounds/{id}/departments/{departmentId}/submit',
    object: 'other department',
    allowed: PLAN,
    request: (w) => ({
      method: 'POST',
      url: `/api/rounds/${w.roundA}/departments/${w.kikakuA}/submit`,
      payload: { version: 99 },
    }),
  },
];

/** Routes whose calls end the caller's session: checked with throwaway sessions. */
const SIGN_OUT_ROUTES = ['POST /api/auth/sign-out', 'POST /api/auth/sign-out-everywhere'];
const PUBLIC = new Set([
  'GET /api/health',
  'GET /api/setup',
  'POST /api/setup',
  'POST /api/auth/sign-in',
  'GET /api/auth/session',
  'GET /api/auth/oidc',
  'GET /api/auth/oidc/start',
  'GET /api/auth/oidc/callback',
]);

function denied(res: LightMyRequestResponse): boolean {
  if (res.statusCode === 403) return true;
  return res.statusCode === 401 && res.json().error?.code === 'UNAUTHENTICATED';
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`access matrix on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    const w = {} as World;
    const callers = {} as Record<Principal, (o: InjectOptions) => Promise<LightMyRequestResponse>>;
    const secrets: string[] = [];
    const bodies: string[] = [];
    let routes: string[] = [];

    async function call(p: Principal, o: InjectOptions) {
      const res = await callers[p](o);
      bodies.push(res.body);
      return res;
    }

    beforeAll(async () => {
      t = await dialect.open();
      const now = new Date().toISOString();
      const sys = systemContext();
      w.municipalityA = (await insertMunicipality(t.db, { name: '甲市' }, now)).id;
      w.municipalityB = (await insertMunicipality(t.db, { name: '乙町' }, now)).id;
      const a = await importDocument(
        t.db,
        systemContext({ municipalityId: w.municipalityA }),
        smallDocument(),
      );
      const b = await importDocument(
        t.db,
        systemContext({ municipalityId: w.municipalityB }),
        smallDocument(),
      );
      if (!a.ok || !b.ok) throw new Error('import failed');
      w.strategyA = a.value.strategyId;
      w.strategyB = b.value.strategyId;
      const inds = await t.db.selectFrom('indicators').select(['id', 'ref', 'strategy_id']).execute();
      const of = (s: string, ref: string) => inds.find((i) => i.strategy_id === s && i.ref === ref)!.id;
      w.ind = {
        k1: of(w.strategyA, 'k1'),
        k2: of(w.strategyA, 'k2'),
        k3: of(w.strategyA, 'k3'),
        b1: of(w.strategyB, 'k1'),
      };
      const shoko = await t.db
        .selectFrom('departments')
        .select('id')
        .where('municipality_id', '=', w.municipalityA)
        .where('name', '=', '商工観光課')
        .executeTakeFirstOrThrow();

      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      const clients: Partial<Record<Principal, Client>> = {};
      clients.admin = await signedInClient(app, t.db, { role: 'admin' });
      clients.planner = await signedInClient(app, t.db, { role: 'planner', municipalityId: w.municipalityA });
      clients.editor = await signedInClient(app, t.db, {
        role: 'editor',
        municipalityId: w.municipalityA,
        departmentIds: [shoko.id],
      });
      clients.committee = await signedInClient(app, t.db, {
        role: 'committee',
        municipalityId: w.municipalityA,
      });
      clients.viewer = await signedInClient(app, t.db, { role: 'viewer', municipalityId: w.municipalityA });
      for (const [p, c] of Object.entries(clients)) {
        callers[p as Principal] = (o) => c.inject(o);
        secrets.push(c.cookie.split('=')[1]!, sha256(c.cookie.split('=')[1]!));
      }
      w.adminUser = (await signedInClient(app, t.db, { role: 'admin' })).userId;
      w.userA = (await signedInClient(app, t.db, { role: 'viewer', municipalityId: w.municipalityA })).userId;
      const other = await signedInClient(app, t.db, { role: 'planner', municipalityId: w.municipalityB });
      w.userB = (await signedInClient(app, t.db, { role: 'viewer', municipalityId: w.municipalityB })).userId;
      const token = async (
        access: 'read' | 'write',
        departmentIds: string[],
        municipalityId = w.municipalityA,
      ) => {
        const r = await createToken(t.db, sys, { municipalityId, name: 'machine', access, departmentIds });
        if (!r.ok) throw new Error(r.error.messageEn);
        secrets.push(r.value.token, sha256(r.value.token));
        return r.value;
      };
      for (const [p, access, deps] of [
        ['tokenRead', 'read', []],
        ['tokenWrite', 'write', []],
        ['tokenWriteDept', 'write', [shoko.id]],
      ] as const) {
        const secret = (await token(access, [...deps])).token;
        callers[p] = (o) =>
          app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${secret}` } });
      }
      callers.anonymous = (o) => app.inject(o);
      w.tokenA = async () => (await token('read', [])).info.id;
      w.tokenB = async () => (await token('read', [], w.municipalityB)).info.id;
      let n = 0;
      const makeScheme = (client: Client, m: string) => async () => {
        const r = await client.inject({
          method: 'POST',
          url: '/api/status-schemes',
          payload: scheme(m, `s${++n}`),
        });
        if (r.statusCode !== 201) throw new Error(r.body);
        return r.json().id as string;
      };
      w.schemeA = makeScheme(clients.planner, w.municipalityA);
      w.schemeB = makeScheme(other, w.municipalityB);
      const preview = async (client: Client) => {
        const r = await client.inject({
          method: 'POST',
          url: '/api/imports?fileName=d.json',
          payload: smallDocument(),
        });
        if (r.statusCode !== 201) throw new Error(r.body);
        return r.json().id as string;
      };
      w.importA = await preview(clients.planner);
      w.importB = await preview(other);
      const comment = async (client: Client, id: string) => {
        const r = await client.inject({
          method: 'POST',
          url: `/api/indicators/${id}/commentary`,
          payload: { fiscalYear: 2022, progress: 'x' },
        });
        if (r.statusCode !== 201) throw new Error(r.body);
        return r.json().id as string;
      };
      w.commentaryA = await comment(clients.planner, w.ind.k1);
      w.commentaryA2 = await comment(clients.planner, w.ind.k2);
      w.commentaryB = await comment(other, w.ind.b1);
      w.measureA = (
        await t.db
          .selectFrom('measures')
          .select('id')
          .where('strategy_id', '=', w.strategyA)
          .where('ref', '=', 'm1')
          .executeTakeFirstOrThrow()
      ).id;
      const opinion = async (client: Client, strategy: string, targetType: string, targetId: string) => {
        const r = await client.inject({
          method: 'POST',
          url: `/api/strategies/${strategy}/opinions`,
          payload: { targetType, targetId, fiscalYear: 2023, body: '意見' },
        });
        if (r.statusCode !== 201) throw new Error(r.body);
        return r.json().id as string;
      };
      w.opinionOwn = await opinion(clients.committee, w.strategyA, 'measure', w.measureA);
      const member2 = await signedInClient(app, t.db, { role: 'committee', municipalityId: w.municipalityA });
      w.opinionOtherAuthor = await opinion(member2, w.strategyA, 'indicator', w.ind.k2);
      w.opinionB = await opinion(other, w.strategyB, 'indicator', w.ind.b1);
      const firstOf = async (table: 'departments' | 'tag_sets', m: string) =>
        (
          await t.db
            .selectFrom(table)
            .select('id')
            .where('municipality_id', '=', m)
            .orderBy('id')
            .executeTakeFirstOrThrow()
        ).id;
      w.departmentA = await firstOf('departments', w.municipalityA);
      w.departmentB = await firstOf('departments', w.municipalityB);
      w.tagSetA = await firstOf('tag_sets', w.municipalityA);
      w.tagSetB = await firstOf('tag_sets', w.municipalityB);
      const deptOf = async (m: string, name: string) =>
        (
          await t.db
            .selectFrom('departments')
            .select('id')
            .where('municipality_id', '=', m)
            .where('name', '=', name)
            .executeTakeFirstOrThrow()
        ).id;
      w.shokoA = shoko.id;
      w.kikakuA = await deptOf(w.municipalityA, '企画政策課');
      w.shokoB = await deptOf(w.municipalityB, '商工観光課');
      const confirmedRound = async (strategyId: string, indicatorId: string) => {
        const rounds = { db: t.db, mailer: null };
        const opened = await openRound(rounds, sys, strategyId, { fiscalYear: 2021, deadline: '2030-05-31' });
        if (!opened.ok) throw new Error(opened.error.messageEn);
        const done = await changeRound(rounds, sys, opened.value.id, 'confirm', {
          version: opened.value.version,
          reason: 'matrix',
        });
        if (!done.ok) throw new Error(done.error.messageEn);
        const ex = await openException(t.db, sys, opened.value.id, { indicatorId, reason: 'matrix' });
        if (!ex.ok) throw new Error(ex.error.messageEn);
        return { round: opened.value.id, exception: ex.value.id };
      };
      const ra = await confirmedRound(w.strategyA, w.ind.k2);
      const rb = await confirmedRound(w.strategyB, w.ind.b1);
      w.roundA = ra.round;
      w.exceptionA = ra.exception;
      w.roundB = rb.round;
      w.exceptionB = rb.exception;
      // A template comes from a table's import (an interchange document has no mapping to keep).
      const template = async (client: Client) => {
        const uploaded = await client.inject({
          method: 'POST',
          url: '/api/imports?fileName=matrix.csv',
          payload: Buffer.from('指標名,基準値,目標値\n観光客数,120人,150人\n', 'utf8'),
          headers: { 'content-type': 'text/csv' },
        });
        if (uploaded.statusCode !== 201) throw new Error(uploaded.body);
        const { id, version } = uploaded.json() as { id: string; version: number };
        // A column correction: the kept mapping of a template.
        const mapped = await client.inject({
          method: 'POST',
          url: `/api/imports/${id}/mapping`,
          payload: {
            version,
            overrides: [{ file: 'matrix.csv', sheet: null, table: 0, column: 2, field: 'note' }],
          },
        });
        if (mapped.statusCode !== 200) throw new Error(mapped.body);
        const r = await client.inject({
          method: 'POST',
          url: `/api/imports/${id}/as-template`,
          payload: { name: 'matrix template' },
        });
        if (r.statusCode !== 201) throw new Error(r.body);
        return r.json().id as string;
      };
      w.templateA = await template(clients.planner);
      w.templateB = await template(other);
      const transition = async (client: Client, strategyId: string) => {
        const r = await client.inject({ method: 'POST', url: `/api/strategies/${strategyId}/transitions` });
        if (r.statusCode !== 201) throw new Error(r.body);
        const draft = r.json() as { id: string; plan: unknown };
        return { id: draft.id, plan: draft.plan };
      };
      w.transitionA = await transition(clients.planner, w.strategyA);
      w.transitionB = await transition(other, w.strategyB);
      const openapi = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, object> };
      routes = Object.entries(openapi.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      );
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('every route and object kind: exactly the allowed principals get past the access check', async () => {
      const mismatches: string[] = [];
      const lines: string[] = [];
      for (const c of CASES) {
        const passed: Principal[] = [];
        for (const p of PRINCIPALS) {
          const res = await call(p, await c.request(w));
          if (res.statusCode >= 500)
            mismatches.push(`${c.route} [${c.object}] ${p}: ${res.statusCode} ${res.body}`);
          if (!denied(res)) passed.push(p);
        }
        lines.push(`${c.route} [${c.object}]: ${passed.join(' ') || '(none)'}`);
        const want = [...c.allowed].sort();
        if (JSON.stringify([...passed].sort()) !== JSON.stringify(want))
          mismatches.push(`${c.route} [${c.object}]: got ${passed.join(',')} want ${want.join(',')}`);
      }
      if (process.env.SOUSEI_PRINT_MATRIX) console.info(lines.join('\n'));
      expect(mismatches).toEqual([]);
      // Hundreds of requests, each through the database: a loaded machine needs more than the default.
    }, 180_000);

    it('covers every route; every non-public route refuses a caller who is not signed in', async () => {
      const covered = new Set([...CASES.map((c) => c.route), ...SIGN_OUT_ROUTES]);
      const uncovered = routes.filter((r) => !covered.has(r));
      // A new route needs its rows: who may call it, on its own and on another municipality's object.
      expect(uncovered, 'routes without access-matrix rows').toEqual([]);
      for (const r of routes) {
        const [method, path] = r.split(' ') as [string, string];
        const res = await call('anonymous', {
          method: method as InjectOptions['method'],
          url: path.replace(/\{fiscalYear\}/g, '2023').replace(/\{[^}]+\}/g, 'x'),
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        if (PUBLIC.has(r)) expect(denied(res), r).toBe(false);
        else expect(res.statusCode, r).toBe(401);
      }
    });

    it('a route registered without an access rule is refused to everybody, even an administrator', async () => {
      const bare = buildServer({ db: t.db, auth: TEST_AUTH });
      bare.get('/api/forgotten', async () => ({ secret: 'data' }));
      await bare.ready();
      const admin = await signedInClient(bare, t.db, { role: 'admin' });
      const res = await admin.inject('/api/forgotten');
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('secret');
      await bare.close();
    });

    it('sign-out routes: signed-in callers only', async () => {
      for (const r of SIGN_OUT_ROUTES) {
        const url = r.split(' ')[1]!;
        expect((await call('anonymous', { method: 'POST', url })).statusCode).toBe(401);
        const c = await signedInClient(app, t.db, { role: 'viewer', municipalityId: w.municipalityA });
        const res = await c.inject({ method: 'POST', url });
        bodies.push(res.body);
        expect(res.statusCode).toBe(200);
        expect((await c.inject('/api/auth/me')).statusCode).toBe(401);
      }
    });

    it('no response contains a password hash, a session id or a token secret', () => {
      expect(bodies.length).toBeGreaterThan(300);
      for (const body of bodies) {
        expect(body).not.toMatch(/scrypt\$|password_?hash|token_hash|id_hash/i);
        for (const s of secrets) expect(body.includes(s)).toBe(false);
      }
    });
  });
}
