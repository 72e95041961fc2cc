import { createRequire } from 'node:module';

/**
 * Kysely, loaded once through its CommonJS build. The ESM build is ~280 small files; resolving
 * them through the TypeScript loader (tsx) costs about 0.4 s at every start, the CommonJS build a
 * fifth of that. Every value import of Kysely in the project goes through this module so that
 * there is one Kysely (its classes are compared with instanceof); types may come from 'kysely'.
 */
const kysely = createRequire(import.meta.url)('kysely') as typeof import('kysely');

export const { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } = kysely;
