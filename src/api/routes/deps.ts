import type { Kysely } from 'kysely';
import type { TreeCache } from '../../services/tree.ts';
import type { Database } from '../../store/schema.ts';

/** What routes are given (passed explicitly; nothing hangs on the Fastify instance). */
export interface RouteDeps {
  db: Kysely<Database>;
  treeCache: TreeCache;
}
