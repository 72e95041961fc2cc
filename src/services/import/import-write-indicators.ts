/**
 * The indicators of an imported document, with their figures, commentary and published
 * judgements (one writer each). Called by writeDocument (import-document.ts).
 */
import { latestActualYear } from '../../core/evaluation/evaluate.ts';
import { importedJudgements } from '../../core/evaluation/override.ts';
import type { Figure, Indicator } from '../../core/interchange.ts';
import { commentaryRow } from '../../store/commentary.ts';
import type { FigureSource } from '../../store/figure-versions.ts';
import { newId } from '../../store/ids.ts';
import { newIndicatorRow } from '../../store/indicators.ts';
import { insertObservations, type ObservationKind, observationRow } from '../../store/observations.ts';
import { overrideRow } from '../../store/overrides.ts';
import type {
  CommentaryTable,
  EvaluationOverrideTable,
  IndicatorTable,
  ObservationTable,
} from '../../store/schema.ts';
import { insertMany } from '../../store/versioned.ts';
import type { StructureMaps, WrittenStructure } from './import-write-structure.ts';
import type { DocumentWrite, Linker, Tagger, Warn, WrittenStrategies } from './import-writers.ts';

/** An indicator's figures: baseline, target, milestones and actuals. */
function figureRows(
  ind: Indicator,
  at: { indicatorId: string; strategyId: string },
  now: string,
): ObservationTable[] {
  const rows: ObservationTable[] = [];
  const add = (kind: ObservationKind, f: Figure | null | undefined, position: number) => {
    if (f) rows.push(observationRow(f, { ...at, kind, position }, now));
  };
  add('baseline', ind.baseline, 0);
  add('target', ind.target, 0);
  for (const [j, f] of (ind.milestones ?? []).entries()) add('milestone', f, j);
  for (const [j, f] of ind.actuals.entries()) add('actual', f, j);
  return rows;
}

/** An indicator's commentary (①実施状況 ②課題 ③今後の方策), by year. */
function commentaryRows(
  ind: Indicator,
  at: { indicatorId: string; strategyId: string },
  now: string,
): CommentaryTable[] {
  return (ind.commentary ?? []).map((c, j) =>
    commentaryRow(
      c,
      { strategyId: at.strategyId, targetType: 'indicator', targetId: at.indicatorId, position: j },
      now,
    ),
  );
}

/** The statuses the city published: the judgements of record of their years. */
function judgementRows(
  w: DocumentWrite,
  ind: Indicator,
  at: { indicatorId: string; strategyId: string },
  asOf: number | null,
): EvaluationOverrideTable[] {
  const { ctx, now } = w;
  return importedJudgements(ind, { at: now, by: ctx.actor.name, asOf }).map((j) =>
    overrideRow(
      {
        strategyId: at.strategyId,
        indicatorId: at.indicatorId,
        fiscalYear: j.fiscalYear as number,
        statusKey: null,
        status: j.label,
        reason: j.reason,
        actorId: ctx.actor.id,
        actorName: ctx.actor.name,
        source: 'import',
      },
      now,
    ),
  );
}

/** The indicators written, with how many figures and commentary lines. */
export interface WrittenIndicators {
  rows: IndicatorTable[];
  observations: number;
  commentary: number;
}

/** Indicators with their figures, commentary, tags, departments and published judgements. */
export async function writeIndicators(
  w: DocumentWrite,
  strategies: WrittenStrategies,
  structure: WrittenStructure,
  tags: Tagger,
  departments: Linker,
  figures: { source: FigureSource; reason: string | null },
): Promise<WrittenIndicators> {
  const { doc, now } = w;
  const indicators: IndicatorTable[] = [];
  const observations: ObservationTable[] = [];
  const commentary: CommentaryTable[] = [];
  const judgements: EvaluationOverrideTable[] = [];
  const docAsOf = latestActualYear(doc);
  for (const [i, ind] of doc.indicators.entries()) {
    const id = newId();
    const strategyId = strategies.strategyOf(ind.strategyId);
    const owner = resolveOwner(ind, i, structure.structureOf.get(strategyId) ?? structure.mainMaps, w.warn);
    indicators.push(newIndicatorRow(ind, { id, strategyId, owner, position: i }, now));
    const at = { indicatorId: id, strategyId };
    observations.push(...figureRows(ind, at, now));
    commentary.push(...commentaryRows(ind, at, now));
    await tags.tag('indicator', id, ind.tags);
    await departments.link('indicator', id, ind.departments);
    judgements.push(...judgementRows(w, ind, at, docAsOf));
  }
  await insertMany(w.trx, 'indicators', indicators);
  await insertMany(w.trx, 'evaluation_overrides', judgements);
  await insertObservations(w.trx, observations, {
    at: now,
    actor: w.ctx.actor,
    source: figures.source,
    reason: figures.reason,
  });
  await insertMany(w.trx, 'commentary', commentary);
  return { rows: indicators, observations: observations.length, commentary: commentary.length };
}

function resolveOwner(
  ind: Indicator,
  i: number,
  maps: StructureMaps,
  warn: Warn,
): { type: 'goal' | 'measure' | 'project'; id: string } | null {
  if (!ind.owner) return null;
  const map = { goal: maps.goalMap, measure: maps.measureMap, project: maps.projectMap }[ind.owner.type];
  const id = map.get(ind.owner.id);
  if (!id) {
    warn(
      'IMPORT_UNKNOWN_REFERENCE',
      `指標「${ind.name}」の所属「${ind.owner.id}」が文書にありません`,
      `Indicator '${ind.name}' belongs to unknown ${ind.owner.type} '${ind.owner.id}'`,
      `indicators[${i}].owner`,
    );
    return null;
  }
  return { type: ind.owner.type, id };
}
