import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../../services/access.ts';
import { createToken, revokeApiToken, tokensFor } from '../../services/accounts/tokens.ts';
import { accountsFor, changeAccount, createAccount } from '../../services/accounts/users.ts';
import { ok } from '../../services/errors.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import {
  accountAnswer,
  accountsAnswer,
  apiTokenAnswer,
  apiTokensAnswer,
  newApiTokenAnswer,
} from './accounts.answers.ts';
import type { RouteDeps } from './deps.ts';

const idParams = z.strictObject({ id: z.string().min(1).max(100) });
const ids = z.array(z.string().min(1).max(100)).max(100);

export function registerAccountRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, auth, scopes }: RouteDeps,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/users',
    tag: 'accounts',
    summary: '利用者の一覧 (管理者: 全体、企画: 自治体内) / users',
    access: { action: 'users.manage', scope: scopes.own },
    answer: accountsAnswer,
    async handler({ ctx }) {
      const r = await accountsFor(db, ctx);
      return r.ok ? ok({ items: r.value, total: r.value.length, offset: 0, limit: r.value.length }) : r;
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/users',
    tag: 'accounts',
    summary: '利用者を作成 / create a user',
    access: { action: 'users.manage', scope: scopes.bodyMunicipality },
    bodyLimit: 8192,
    body: z.strictObject({
      userName: z.string().min(1).max(200),
      name: z.string().min(1).max(200),
      password: z.string().min(1).max(1024),
      role: z.enum(ROLES),
      municipalityId: z.string().min(1).max(100).nullable(),
      departmentIds: ids.optional(),
      email: z.string().email().max(200).nullable().optional(),
    }),
    responses: { 201: '作成 / created' },
    answer: accountAnswer,
    async handler({ body, ctx }) {
      const r = await createAccount(db, auth, ctx, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'PATCH',
    url: '/api/users/:id',
    tag: 'accounts',
    summary: '役割・担当課・無効化を変更 (セッションは終了) / change role, departments, disabled',
    access: { action: 'users.manage', scope: scopes.user },
    params: idParams,
    body: z.strictObject({
      role: z.enum(ROLES).optional(),
      departmentIds: ids.optional(),
      disabled: z.boolean().optional(),
    }),
    answer: accountAnswer,
    handler: ({ params, body, ctx }) => changeAccount(db, ctx, params.id, body),
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/tokens',
    tag: 'accounts',
    summary: 'API トークンの一覧 (秘密は表示しない) / API tokens (never their secrets)',
    access: { action: 'tokens.manage', scope: scopes.own },
    answer: apiTokensAnswer,
    async handler({ ctx }) {
      const r = await tokensFor(db, ctx);
      return r.ok ? ok({ items: r.value, total: r.value.length, offset: 0, limit: r.value.length }) : r;
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/tokens',
    tag: 'accounts',
    summary: 'API トークンを発行 (一度だけ表示) / issue an API token (shown once)',
    access: { action: 'tokens.manage', scope: scopes.bodyMunicipality },
    body: z.strictObject({
      municipalityId: z.string().min(1).max(100),
      name: z.string().min(1).max(100),
      access: z.enum(['read', 'write']),
      departmentIds: ids.default([]),
    }),
    responses: { 201: '発行 / issued' },
    answer: newApiTokenAnswer,
    async handler({ body, ctx }) {
      const r = await createToken(db, ctx, body);
      return r.ok
        ? ok(new Http(201, { token: r.value.token, ...r.value.info }, { 'cache-control': 'no-store' }))
        : r;
    },
  });

  addRoute(app, docs, {
    method: 'DELETE',
    url: '/api/tokens/:id',
    tag: 'accounts',
    summary: 'API トークンを失効 / revoke an API token',
    access: { action: 'tokens.manage', scope: scopes.token },
    params: idParams,
    answer: apiTokenAnswer,
    handler: ({ params, ctx }) => revokeApiToken(db, ctx, params.id),
  });
}
