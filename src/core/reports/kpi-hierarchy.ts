import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import { goalsOf } from '../evaluation/summary.ts';
import type { Project, StrategyDocument, TagSet } from '../interchange.ts';
import { latestActual } from './project-list.ts';
import { projectIndicators, projectKpis, reportContext } from './report-context.ts';
import {
  figureCell,
  lazyRows,
  type ReportCell,
  type ReportColumn,
  type ReportModel,
  type ReportOptions,
  type ReportRow,
  textCell,
} from './report-model.ts';
import { revisedFigureCell } from './revised-figure.ts';

/** KPIs per row of the table (a project with more continues on the next row). */
export const KPIS_PER_ROW = 4;

/** Options of the KPI table by hierarchy: which tag sets are the viewpoint and the leading projects. */
export interface KpiHierarchyOptions extends ReportOptions {
  /** Tag set id of the viewpoints (基本的視点); default: the first set whose name has 視点. */
  viewpointSet?: string | null;
  /** Tag set id of the leading projects (リーディング・プロジェクト); default: the first named so. */
  leadingSet?: string | null;
}

/**
 * The KPI table by hierarchy (KPI体系表): viewpoint → basic goal → leading project → project →
 * department → up to four KPIs per row, each with its current value (latest actual) and target.
 * Viewpoints and leading projects are classifications (tag sets) of the projects; which sets they
 * are is an option (by default found by name). One row per project and goal.
 *
 * @example
 * const m = kpiHierarchy(doc, evaluateDocument(doc), { date: '2025-06-01' })
 * m.sections[0].tables[0].columns.map((c) => c.header).slice(0, 5) // ['視点', '基本目標', 'リーディング・プロジェクト', '事業', '担当課']
 */
export function kpiHierarchy(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: KpiHierarchyOptions,
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  const findSet = (id: string | null | undefined, pattern: RegExp): TagSet | null =>
    (id ? doc.tagSets.find((s) => s.id === id) : doc.tagSets.find((s) => pattern.test(s.name))) ?? null;
  const viewpoints = findSet(options.viewpointSet, /視点/);
  const leading = findSet(options.leadingSet, /リーディング|leading/i);
  const tagNames = (p: Project, set: TagSet | null) =>
    set
      ? (p.tags ?? [])
          .filter((t) => t.set === set.id)
          .map((t) => set.tags.find((x) => x.id === t.tag)?.name ?? t.tag)
          .join('・')
      : '';
  const columns: ReportColumn[] = [
    { key: 'viewpoint', header: viewpoints?.name ?? '視点', width: 14, kind: 'text' },
    { key: 'goal', header: '基本目標', width: 20, kind: 'text' },
    { key: 'leading', header: leading?.name ?? 'リーディング・プロジェクト', width: 16, kind: 'text' },
    { key: 'project', header: '事業', width: 22, kind: 'text' },
    { key: 'department', header: '担当課', width: 12, kind: 'text' },
  ];
  for (let k = 1; k <= KPIS_PER_ROW; k++)
    columns.push(
      { key: `kpi${k}`, header: `KPI${k}`, width: 18, kind: 'text' },
      { key: `current${k}`, header: `現状値${k}`, width: 11, kind: 'number' },
      { key: `target${k}`, header: `目標値${k}`, width: 11, kind: 'number' },
    );
  const byProject = projectIndicators(doc);
  const goalName = (id: string) => {
    const g = ctx.goals.get(id);
    return g ? [g.code, g.name].filter(Boolean).join(' ') : '';
  };
  const entries: { goalIndex: number; goalId: string; project: Project }[] = [];
  doc.projects.forEach((p) => {
    const goals = goalsOf(doc, { type: 'project', id: p.id });
    if (!goals.length) entries.push({ goalIndex: Number.MAX_SAFE_INTEGER, goalId: '', project: p });
    for (const g of goals)
      entries.push({ goalIndex: doc.goals.findIndex((x) => x.id === g), goalId: g, project: p });
  });
  entries.sort((a, b) => a.goalIndex - b.goalIndex); // stable: document order within a goal
  // Each row is made as it is read (the entries hold the document's own projects).
  const rows = lazyRows(function* (): Generator<ReportRow> {
    for (const e of entries) {
      const p = e.project;
      const kpis = projectKpis(byProject.get(p.id));
      const head: ReportCell[] = [
        textCell(tagNames(p, viewpoints)),
        textCell(goalName(e.goalId)),
        textCell(tagNames(p, leading)),
        textCell([p.code, p.name].filter(Boolean).join(' ')),
        textCell(
          [...new Set([...(p.departments ?? []), ...kpis.flatMap((k) => k.departments ?? [])])].join('・'),
        ),
      ];
      for (let from = 0; from === 0 || from < kpis.length; from += KPIS_PER_ROW) {
        const cells: ReportCell[] = from === 0 ? head : head.map(() => textCell(''));
        for (let k = 0; k < KPIS_PER_ROW; k++) {
          const ind = kpis[from + k];
          cells.push(
            textCell(ind?.name),
            ind ? figureCell(latestActual(ind, ctx.fiscalYear), ind.unit) : textCell(''),
            ind ? revisedFigureCell(ctx, ind, 'target') : textCell(''),
          );
        }
        yield { cells };
      }
    }
  });
  return {
    kind: 'kpi-hierarchy',
    title: options.title || 'KPI体系表',
    titleEn: 'KPI table by hierarchy',
    municipality: ctx.municipality,
    date: ctx.date,
    dateText: ctx.dateText,
    fiscalYear: ctx.fiscalYear,
    paper: options.paper ?? 'A3',
    sections: [
      {
        id: 'hierarchy',
        title: 'KPI体系表',
        sheetName: 'KPI体系表',
        tables: [{ id: 'hierarchy', title: null, columns, rows }],
      },
    ],
  };
}
