import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-21T0900-initial.ts';
import * as accounts from './2026-11-21T0920-accounts.ts';
import * as setupClaim from './2026-11-21T0930-setup-claim.ts';
import * as opinions from './2026-11-21T0940-opinions.ts';
import * as readIndexes from './2026-12-06T2330-read-indexes.ts';
import * as strategyAsOf from './2026-12-06T2345-strategy-as-of.ts';
import * as judgementSource from './2026-12-06T2350-judgement-source.ts';
import * as importTemplates from './2026-12-06T2355-import-templates.ts';
import * as figureConfirmations from './2026-12-07T0010-figure-confirmations.ts';
import * as publishedYears from './2026-12-07T0210-published-years.ts';
import * as figureVersions from './2026-12-07T0215-figure-versions.ts';
import * as periodTransitions from './2026-12-07T0310-period-transitions.ts';
import * as reportingRounds from './2026-12-07T0335-reporting-rounds.ts';
import * as planningDivision from './2026-12-07T1500-planning-division.ts';

/**
 * Every migration, by name (timestamp first: applied in name order). Listed here rather than read
 * from the folder so that the set is fixed at build time. Forward-only: no `down`.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-21T0900-initial': initial,
  '2026-11-21T0920-accounts': accounts,
  '2026-11-21T0930-setup-claim': setupClaim,
  '2026-11-21T0940-opinions': opinions,
  '2026-12-06T2330-read-indexes': readIndexes,
  '2026-12-06T2345-strategy-as-of': strategyAsOf,
  '2026-12-06T2350-judgement-source': judgementSource,
  '2026-12-06T2355-import-templates': importTemplates,
  '2026-12-07T0010-figure-confirmations': figureConfirmations,
  '2026-12-07T0210-published-years': publishedYears,
  '2026-12-07T0215-figure-versions': figureVersions,
  '2026-12-07T0310-period-transitions': periodTransitions,
  '2026-12-07T0335-reporting-rounds': reportingRounds,
  '2026-12-07T1500-planning-division': planningDivision,
};

/** Kysely migration provider over the fixed list above. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
