import type { Commentary, Figure, Indicator, StrategyDocument } from '../interchange.ts';

/** The fields of a figure the public may see (no note, no parse details, no source cell). */
export function publicFigure(f: Figure): Figure {
  return {
    value: f.value,
    fiscalYear: f.fiscalYear,
    raw: f.raw ?? null,
    unit: f.unit ?? null,
    ...(f.basis ? { basis: f.basis } : {}),
    fromYear: f.fromYear ?? null,
    state: f.state ?? 'final',
    date: f.date ?? null,
  };
}

function publicCommentary(c: Commentary): Commentary {
  return {
    fiscalYear: c.fiscalYear,
    progress: c.progress ?? null,
    issues: c.issues ?? null,
    nextSteps: c.nextSteps ?? null,
    summary: c.summary ?? null,
    text: c.text ?? null,
  };
}

/**
 * The part of a strategy that may be published (公表): the plan (goals, measures, projects,
 * indicators with their definition, baseline, milestones and target) and, of the yearly data,
 * only the actual figures and the commentary of the published fiscal years. Left out whatever the
 * years: indicators' notes (備考), imported statuses, tags, narratives, projects' yearly plans and
 * results, source cells, parse details, figure notes and the unmapped cells of the import. A
 * figure or commentary without a fiscal year is never published.
 *
 * @example publishedDocument(doc, [2022, 2023]).indicators[0].actuals.map((a) => a.fiscalYear) // [2022, 2023]
 */
export function publishedDocument(doc: StrategyDocument, years: readonly number[]): StrategyDocument {
  const published = new Set(years);
  const isPublished = (y: number | null | undefined) => y != null && published.has(y);
  const indicators: Indicator[] = doc.indicators.map((ind) => {
    const commentary = (ind.commentary ?? []).filter((c) => isPublished(c.fiscalYear)).map(publicCommentary);
    return {
      id: ind.id,
      name: ind.name,
      unit: ind.unit ?? null,
      ...(ind.role ? { role: ind.role } : {}),
      owner: ind.owner ?? null,
      strategyId: ind.strategyId ?? null,
      direction: ind.direction ?? null,
      aggregation: ind.aggregation ?? null,
      tolerance: ind.tolerance ?? null,
      baseline: ind.baseline ? publicFigure(ind.baseline) : null,
      target: ind.target ? publicFigure(ind.target) : null,
      ...(ind.milestones?.length ? { milestones: ind.milestones.map(publicFigure) } : {}),
      actuals: ind.actuals.filter((a) => isPublished(a.fiscalYear)).map(publicFigure),
      ...(ind.departments?.length ? { departments: [...ind.departments] } : {}),
      definition: ind.definition ?? null,
      ...(commentary.length ? { commentary } : {}),
    };
  });
  return {
    municipality: doc.municipality
      ? { name: doc.municipality.name, code: doc.municipality.code ?? null }
      : null,
    strategy: doc.strategy
      ? {
          id: doc.strategy.id,
          name: doc.strategy.name,
          generation: doc.strategy.generation ?? null,
          ...(doc.strategy.period ? { period: doc.strategy.period } : {}),
        }
      : null,
    goals: doc.goals.map((g) => ({
      id: g.id,
      code: g.code ?? null,
      name: g.name,
      description: g.description ?? null,
    })),
    measures: doc.measures.map((m) => ({
      id: m.id,
      goalId: m.goalId ?? null,
      parentId: m.parentId ?? null,
      code: m.code ?? null,
      name: m.name,
      summary: m.summary ?? null,
    })),
    projects: doc.projects.map((p) => ({
      id: p.id,
      code: p.code ?? null,
      name: p.name,
      summary: p.summary ?? null,
      measureId: p.measureId ?? null,
      ...(p.goalIds?.length ? { goalIds: [...p.goalIds] } : {}),
      ...(p.departments?.length ? { departments: [...p.departments] } : {}),
    })),
    tagSets: [],
    indicators,
    unmapped: [],
  };
}
