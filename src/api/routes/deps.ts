import type { Kysely } from 'kysely';
import type { AuthConfig } from '../../services/accounts/auth-config.ts';
import type { Database } from '../../services/context.ts';
import type { Mailer } from '../../services/ops/mailer.ts';
import type { TreeCache } from '../../services/strategy/tree.ts';
import type { Scopes } from '../access-scopes.ts';

/** What routes are given (passed explicitly; nothing hangs on the Fastify instance). */
export interface RouteDeps {
  db: Kysely<Database>;
  treeCache: TreeCache;
  /** Scope resolvers for the access rules of routes. */
  scopes: Scopes;
  auth: AuthConfig;
  /** The city's SMTP mailer (null: none configured, nothing is sent). */
  mailer?: Mailer | null;
}
