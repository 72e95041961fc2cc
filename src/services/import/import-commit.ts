import type { Kysely } from 'kysely';
import type { ImportTarget } from '../../core/import/import-target.ts';
import { getImportRow, markImportCommitted } from '../../store/imports.ts';
import type { Database } from '../../store/schema.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, fail, notFound, type Outcome, ok, Rollback, versionConflict } from '../errors.ts';
import { applied, recordChange } from '../versioned-write.ts';
import { writePlanned } from './import-apply.ts';
import { checkDocument, type ImportSummary } from './import-document.ts';
import { blockingIssue } from './import-stored.ts';
import { type ImportChoices, type ImportPlan, importChoices, planTarget } from './import-target.ts';
import { notPreviewed, openPreview, previewOf, storedReport } from './imports.ts';

/**
 * Commits a previewed import: the stored document is written in one transaction together with
 * marking the preview committed (compare-and-set on its version), so a preview is committed at
 * most once and never half.
 */
export async function commitImport(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  target?: ImportTarget,
): Promise<Outcome<ImportSummary & { plan: ImportPlan }>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const row = await getImportRow(trx, id);
      if (!row) throw new Rollback(notFound('取込 (import)', id));
      const denied = authorize(ctx, 'write', { municipalityId: row.municipality_id });
      if (denied) throw new Rollback(denied);
      if (row.state !== 'previewed') throw new Rollback(notPreviewed(row));
      if (row.version !== version)
        throw new Rollback(versionConflict('取込 (import)', version, previewOf(row)));
      const blocking = blockingIssue(storedReport(row));
      if (blocking)
        throw new Rollback({
          code: 'NO_INDICATORS',
          message: blocking.message,
          messageEn: blocking.messageEn,
          place: blocking.place ?? { file: row.file_name },
          details: [blocking],
        });
      const checked = checkDocument(JSON.parse(row.document_json));
      if (!checked.ok) throw new Rollback(checked.error);
      const planned = await planTarget(trx, ctx, row.municipality_id, checked.doc, target);
      if (!planned.ok) throw new Rollback(planned.error);
      const summary = await writePlanned(trx, ctx, checked.doc, planned.plan, {
        source: row.file_name,
        importId: id,
      });
      const now = nowIso(ctx);
      const marked = await markImportCommitted(trx, id, version, summary.strategyId, now);
      if (!marked.ok) applied(marked, '取込 (import)', id, version, previewOf);
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: summary.municipalityId,
          strategyId: summary.strategyId,
          entityType: 'import',
          entityId: id,
          action: 'update',
          before: { state: 'previewed', version },
          after: { state: 'committed', version: version + 1, strategyId: summary.strategyId },
        },
        { revision: false },
      );
      return summary;
    }),
  );
}

/**
 * The plan of a commit with these choices (nothing is written): the municipality, each strategy
 * period created, updated or left out with its name and period, and for an update what changes.
 * Also lists what the caller may choose from.
 */
export async function planImport(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  target: ImportTarget | undefined,
): Promise<Outcome<{ plan: ImportPlan; choices: ImportChoices }>> {
  const open = await openPreview(db, ctx, id, null);
  if (!open.ok) return open;
  const checked = checkDocument(JSON.parse(open.value.document_json));
  if (!checked.ok) return fail(checked.error);
  const planned = await planTarget(db, ctx, open.value.municipality_id, checked.doc, target);
  if (!planned.ok) return fail(planned.error);
  return ok({ plan: planned.plan, choices: await importChoices(db, ctx) });
}
