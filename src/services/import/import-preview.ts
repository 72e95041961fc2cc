import type { Kysely } from 'kysely';
import type { TemplateBody } from '../../core/import/template.ts';
import { insertImport } from '../../store/imports.ts';
import type { Database } from '../../store/schema.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { fail, type Outcome, ok } from '../errors.ts';
import { runTask } from '../ops/offload.ts';
import { checkDocument } from './import-document.ts';
import { type BuiltPreview, buildPreview } from './import-stored.ts';
import { loadTemplate, templateCandidates } from './import-templates.ts';
import { type ImportPreview, importTask, OFFLOAD_BYTES, previewFrom } from './imports.ts';

/**
 * Reads an uploaded file (XLSX, CSV, TSV; bytes → cells → recognition) or takes an interchange
 * document (JSON), and stores the result as a preview. Commit later imports exactly this stored
 * document, so what was shown is what is written. A large file is read, recognized and made into
 * its preview (and the text stored) in a worker: this thread stores text and sends the preview.
 */
export async function previewImport(
  db: Kysely<Database>,
  ctx: RequestContext,
  input:
    | { fileName: string; bytes: Uint8Array; templateId?: string }
    | { fileName: string; document: unknown },
): Promise<Outcome<ImportPreview>> {
  const denied = authorize(ctx, 'write', { municipalityId: ctx.municipalityId });
  if (denied) return fail(denied);
  const built = 'bytes' in input ? await uploadPreview(db, ctx, input) : documentPreview(input.document);
  if (!built.ok) return built;
  const row = await insertImport(
    db,
    {
      municipalityId: ctx.municipalityId,
      fileName: input.fileName,
      documentJson: built.value.documentJson,
      reportJson: built.value.reportJson,
      createdBy: ctx.actor.id,
    },
    nowIso(ctx),
  );
  return ok(previewFrom(row, built.value.parts));
}

/** An uploaded file's preview, built in a worker from OFFLOAD_BYTES on. */
async function uploadPreview(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: { fileName: string; bytes: Uint8Array; templateId?: string },
): Promise<Outcome<BuiltPreview>> {
  // A stored template is loaded first; its refusal is answered after a file that cannot be read.
  const loaded = input.templateId ? await loadTemplate(db, ctx, input.templateId) : null;
  const candidates = await templateCandidates(db, ctx);
  const done = await importTask(input.fileName, () =>
    runTask(
      'previewUpload',
      {
        fileName: input.fileName,
        bytes: input.bytes,
        candidates,
        ...(loaded?.ok
          ? {
              templateId: loaded.value.id,
              template: { name: loaded.value.name, body: loaded.value.body as TemplateBody },
            }
          : {}),
      },
      input.bytes.length >= OFFLOAD_BYTES,
    ),
  );
  if (!done.ok) return done;
  const reading = done.value;
  if (reading.kind === 'unreadable')
    return fail({
      code: 'UNSUPPORTED_FILE',
      message: `ファイル「${input.fileName}」を読めません: ${reading.issues.map((i) => i.message).join('、')}`,
      messageEn: `Cannot read '${input.fileName}': ${reading.issues.map((i) => i.messageEn).join('; ')}`,
      place: { file: input.fileName },
      details: reading.issues,
    });
  if (loaded && !loaded.ok) return loaded;
  if (reading.kind === 'template-mismatch') return fail(reading.error);
  return ok(reading.built);
}

/** An interchange document's preview: its counts (no tables, nothing to adjust). */
function documentPreview(document: unknown): Outcome<BuiltPreview> {
  const checked = checkDocument(document);
  if (!checked.ok) return fail(checked.error);
  const d = checked.doc;
  return ok(
    buildPreview(d, {
      report: {
        counts: {
          goals: d.goals.length,
          measures: d.measures.length,
          projects: d.projects.length,
          indicators: d.indicators.length,
          figures: d.indicators.reduce((n, i) => n + i.actuals.length, 0),
        },
        coverage: null,
        tables: [],
        warnings: [],
      },
      issues: [],
    }),
  );
}
