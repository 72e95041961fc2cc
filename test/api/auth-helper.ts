/**
 * Test helper: creates a user of a role (fast test-only scrypt parameters) and returns a client
 * signed in through the real sign-in route, which sends the session cookie and the CSRF token.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Role } from '../../src/services/access.ts';
import { type AuthConfig, DEFAULT_AUTH } from '../../src/services/accounts/auth-config.ts';
import { TEST_SCRYPT } from '../../src/services/accounts/auth-password.ts';
import { createAccount } from '../../src/services/accounts/users.ts';
import { systemContext } from '../../src/services/context.ts';
import type { Database } from '../../src/store/schema.ts';

/** Auth settings for tests: fast scrypt, production timeouts and lockout. */
export const TEST_AUTH: AuthConfig = { ...DEFAULT_AUTH, scrypt: TEST_SCRYPT };

export const TEST_PASSWORD = 'correct horse battery staple 7';

export interface Client {
  userId: string;
  userName: string;
  cookie: string;
  csrfToken: string;
  inject(opts: InjectOptions | string): Promise<LightMyRequestResponse>;
}

let counter = 0;

/** Creates a user (unique name) and signs in. */
export async function signedInClient(
  app: FastifyInstance,
  db: Kysely<Database>,
  options: { role: Role; municipalityId?: string | null; departmentIds?: string[]; userName?: string },
): Promise<Client> {
  const userName =
    options.userName ?? `t-${options.role}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const created = await createAccount(db, TEST_AUTH, systemContext(), {
    userName,
    name: `テスト ${options.role}`,
    password: TEST_PASSWORD,
    role: options.role,
    municipalityId: options.municipalityId ?? null,
    departmentIds: options.departmentIds ?? [],
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return signIn(app, userName, TEST_PASSWORD, created.value.id);
}

/** Signs in an existing user through the API. */
export async function signIn(
  app: FastifyInstance,
  userName: string,
  password: string,
  userId = '',
): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { userName, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const csrfToken = res.json().csrfToken as string;
  return {
    userId: userId || res.json().user.id,
    userName,
    cookie,
    csrfToken,
    inject(opts) {
      const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
      return app.inject({
        ...o,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(o.headers ?? {}) },
      });
    },
  };
}
