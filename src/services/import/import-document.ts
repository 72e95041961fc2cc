import type { Kysely } from 'kysely';
import { type StrategyDocument, strategyDocumentSchema } from '../../core/interchange.ts';
import type { Issue } from '../../core/issue.ts';
import type { FigureSource } from '../../store/figure-versions.ts';
import type { Database, IndicatorTable, StrategyTable } from '../../store/schema.ts';
import { type Executor, insertMany } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { type AppError, fail, type Outcome, ok } from '../errors.ts';
import { zodIssues } from '../validation.ts';
import { recordChange } from '../versioned-write.ts';
import { writeIndicators } from './import-write-indicators.ts';
import { writeProjectLinks, writeStructure } from './import-write-structure.ts';
import {
  type DocumentWrite,
  departmentLinker,
  narrativeWriter,
  type Warn,
  writeMunicipality,
  writeStrategies,
  writeTagSets,
} from './import-writers.ts';

/** What an import wrote. */
export interface ImportSummary {
  municipalityId: string;
  /** The main strategy created (the document's `strategy`, or one made for it). */
  strategyId: string;
  strategyIds: string[];
  counts: {
    goals: number;
    measures: number;
    projects: number;
    indicators: number;
    observations: number;
    commentary: number;
    tagSets: number;
  };
  issues: Issue[];
}

/**
 * Checks a document before anything is written: the interchange schema, unique ids, and one actual
 * per indicator and year. Returns every problem with its place, not just the first.
 */
export function checkDocument(
  input: unknown,
): { ok: true; doc: StrategyDocument } | { ok: false; error: AppError } {
  const parsed = strategyDocumentSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'IMPORT_INVALID',
        message: '交換形式の文書として読めません。各項目の指摘を直してください',
        messageEn: 'The document does not match the interchange format; fix the fields listed',
        details: zodIssues(parsed.error),
      },
    };
  }
  const doc = parsed.data;
  const issues: Issue[] = [];
  const dup = (kind: string, list: { id: string }[]) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id))
        issues.push({
          code: 'IMPORT_DUPLICATE_ID',
          severity: 'error',
          message: `${kind}のID「${x.id}」が重複しています`,
          messageEn: `Duplicate ${kind} id '${x.id}'`,
          place: { field: `${kind}[${i}].id` },
          hint: 'IDを一意にしてください / make the ids unique',
        });
      seen.add(x.id);
    });
  };
  dup('goals', doc.goals);
  dup('measures', doc.measures);
  dup('projects', doc.projects);
  dup('indicators', doc.indicators);
  doc.indicators.forEach((ind, i) => {
    const years = new Set<number>();
    ind.actuals.forEach((a, j) => {
      if (a.fiscalYear == null) return;
      if (years.has(a.fiscalYear))
        issues.push({
          code: 'IMPORT_DUPLICATE_ACTUAL',
          severity: 'error',
          message: `指標「${ind.name}」の${a.fiscalYear}年度の実績値が2つあります`,
          messageEn: `Indicator '${ind.name}' has two actuals for fiscal year ${a.fiscalYear}`,
          place: {
            file: a.provenance?.file ?? null,
            sheet: a.provenance?.sheet ?? null,
            row: a.provenance?.row ?? null,
            column: a.provenance?.column ?? null,
            field: `indicators[${i}].actuals[${j}]`,
          },
          hint: '年度ごとに1つにしてください / keep one actual per fiscal year',
        });
      years.add(a.fiscalYear);
    });
  });
  if (issues.length) {
    return {
      ok: false,
      error: {
        code: 'IMPORT_INVALID',
        message: `取り込めない箇所が${issues.length}件あります`,
        messageEn: `${issues.length} problem(s) prevent the import`,
        details: issues,
      },
    };
  }
  return { ok: true, doc };
}

/**
 * Imports an interchange document (src/core/interchange.ts) in ONE transaction: the strategy, its
 * goals, measures, projects, indicators, figures, commentary, tags and departments are all written,
 * or nothing is. Ids of the document become `ref`; rows get new ids.
 *
 * @example await importDocument(db, ctx, { indicators: [{ id: 'k1', name: '新規求人数', actuals: [] }] })
 */
export async function importDocument(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: unknown,
  options: { source?: string; importId?: string } = {},
): Promise<Outcome<ImportSummary>> {
  const checked = checkDocument(input);
  if (!checked.ok) return fail(checked.error);
  const doc = checked.doc;
  const denied = authorize(ctx, 'write', { municipalityId: ctx.municipalityId });
  if (denied) return fail(denied);
  const summary = await db.transaction().execute((trx) => writeDocument(trx, ctx, doc, options));
  return ok(summary);
}

/**
 * Writes a checked document with the caller's executor (a transaction), one writer per entity
 * (import-writers.ts) in the order the rows depend on each other. Exported for callers that
 * compose it into a larger transaction (and for the rollback test).
 */
export async function writeDocument(
  trx: Executor,
  ctx: RequestContext,
  doc: StrategyDocument,
  options: { source?: string; importId?: string; figureSource?: FigureSource },
): Promise<ImportSummary> {
  const now = nowIso(ctx);
  const issues: Issue[] = [];
  const warn: Warn = (code, message, messageEn, field) =>
    issues.push({ code, severity: 'warning', message, messageEn, place: { field } });
  const municipalityId = await writeMunicipality(trx, ctx, doc, now);
  const w: DocumentWrite = { trx, ctx, doc, now, municipalityId, warn };

  const strategies = await writeStrategies(w, options.source ?? '総合戦略');
  const narratives = narrativeWriter(strategies.strategyOf);
  const structure = await writeStructure(w, strategies, narratives);
  const tags = await writeTagSets(w, strategies.mainId);
  const departments = departmentLinker(w);
  await writeProjectLinks(w, structure, tags, departments);
  const indicators = await writeIndicators(w, strategies, structure, tags, departments, {
    source: options.figureSource ?? 'import',
    reason: options.source ?? null,
  });
  await insertMany(trx, 'narratives', narratives.rows);
  await insertMany(trx, 'taggings', tags.taggings);
  await insertMany(trx, 'department_links', departments.links);

  const counts = {
    ...structure.counts,
    indicators: indicators.rows.length,
    observations: indicators.observations,
    commentary: indicators.commentary,
    tagSets: doc.tagSets.length,
  };
  await recordImport(w, strategies.rows, indicators.rows, counts, options);
  return {
    municipalityId,
    strategyId: strategies.mainId,
    strategyIds: strategies.rows.map((s) => s.id),
    counts,
    issues,
  };
}

/** The audit entries of an import: one per strategy (with the counts) and one per indicator. */
async function recordImport(
  w: DocumentWrite,
  strategyRows: StrategyTable[],
  indicatorRows: IndicatorTable[],
  counts: ImportSummary['counts'],
  options: { source?: string; importId?: string },
): Promise<void> {
  const { municipalityId } = w;
  // The strategies are new (their first revision): the entries name them without a revision bump.
  await recordChange(
    w.trx,
    w.ctx,
    w.now,
    [
      ...strategyRows.map((s) => ({
        municipalityId,
        strategyId: s.id,
        entityType: 'strategy',
        entityId: s.id,
        action: 'import' as const,
        before: null,
        after: { name: s.name, source: options.source ?? null, importId: options.importId ?? null, counts },
      })),
      ...indicatorRows.map((r) => ({
        municipalityId,
        strategyId: r.strategy_id,
        indicatorId: r.id,
        entityType: 'indicator',
        entityId: r.id,
        action: 'import' as const,
        before: null,
        after: { ref: r.ref, name: r.name, unit: r.unit },
      })),
    ],
    { revision: false },
  );
}
