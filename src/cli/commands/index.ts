import type { Command } from '../io.ts';

/**
 * The command table: name → module loader. Loaded lazily so that `sousei parse-value` does not
 * pay for the importer or the database.
 */
export const commands: Record<string, () => Promise<Command>> = {
  schema: async () => (await import('./schema.ts')).command,
  'parse-value': async () => (await import('./parse-value.ts')).command,
  import: async () => (await import('./import.ts')).command,
  evaluate: async () => (await import('./evaluate.ts')).command,
  serve: async () => (await import('./serve.ts')).command,
  'export-db': async () => (await import('./export-db.ts')).command,
  'import-db': async () => (await import('./import-db.ts')).command,
  backup: async () => (await import('./backup.ts')).command,
  config: async () => (await import('./config.ts')).command,
  demo: async () => (await import('./demo.ts')).command,
  report: async () => (await import('./report.ts')).command,
  publish: async () => (await import('./publish.ts')).command,
  user: async () => (await import('./user.ts')).command,
  'backfill-judgements': async () => (await import('./backfill-judgements.ts')).command,
  round: async () => (await import('./round.ts')).command,
};
