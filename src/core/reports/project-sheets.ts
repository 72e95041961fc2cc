import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { Indicator, Project, StrategyDocument } from '../interchange.ts';
import { latestActual } from './project-list.ts';
import {
  computedCells,
  computedColumns,
  type ProjectIndicators,
  projectIndicators,
  type ReportContext,
  reportContext,
  statusCell,
} from './report-context.ts';
import {
  figureCell,
  lazyRows,
  type ReportCell,
  type ReportColumn,
  type ReportModel,
  type ReportOptions,
  type ReportRow,
  type ReportSection,
  sheetName,
  textCell,
  yearHeader,
} from './report-model.ts';

/** Options of the project sheets: which projects (ids or numbers); default the priority ones. */
export interface ProjectSheetOptions extends ReportOptions {
  projects?: readonly string[] | null;
}

/**
 * The projects chosen for sheets: those named (by id or number) in `wanted`, else the priority
 * (重点) projects, else all, in document order.
 *
 * @example selectProjects(doc, null).every((p) => p.priority) // true when some are priority
 */
export function selectProjects(
  doc: StrategyDocument,
  wanted: readonly string[] | null | undefined,
): Project[] {
  if (wanted?.length) {
    const set = new Set(wanted);
    return doc.projects.filter((p) => set.has(p.id) || (p.code != null && set.has(p.code)));
  }
  const priority = doc.projects.filter((p) => p.priority);
  return priority.length ? priority : doc.projects;
}

/**
 * Project sheets (個票): first the list of priority projects (重点施策一覧) when there are any,
 * then one section (one printed page, one worksheet) per chosen project (by default the priority
 * ones) with its goal, related measure, departments, implementing bodies, period, priority, SDGs,
 * classifications, its indicators (設定指標: baseline, yearly actuals, target), apart from them
 * the strategy's numeric targets and KPIs its sheet names (成果目標・KPI), and the yearly plan and
 * results (計画 / 実績).
 *
 * @example
 * const m = projectSheets(doc, evaluateDocument(doc, { asOf: 2024 }), { date: '2025-06-01' })
 * m.sections.length // one per project
 */
export function projectSheets(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ProjectSheetOptions,
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  const byProject = projectIndicators(doc);
  const taken = new Set<string>();
  const chosen = selectProjects(doc, options.projects);
  const columns = indicatorColumns(ctx);
  const none: ProjectIndicators = { own: [], related: [] };
  const sections = chosen.map((p) => projectSection(ctx, p, byProject.get(p.id) ?? none, columns, taken));
  const priority = doc.projects.filter((p) => p.priority);
  if (priority.length) sections.unshift(priorityList(ctx, priority, byProject, taken));
  return {
    kind: 'project-sheets',
    title: options.title || '事業個票',
    titleEn: 'Project sheets',
    municipality: ctx.municipality,
    date: ctx.date,
    dateText: ctx.dateText,
    fiscalYear: ctx.fiscalYear,
    paper: options.paper ?? 'A4',
    sections,
  };
}

function projectSection(
  ctx: ReportContext,
  p: Project,
  indicators: ProjectIndicators,
  columns: ReportColumn[],
  taken: Set<string>,
): ReportSection {
  const title = [p.code, p.name].filter(Boolean).join(' ');
  const table = (id: string, tableTitle: string, list: Indicator[]) => ({
    id,
    title: tableTitle,
    columns,
    rows: lazyRows(function* () {
      for (const ind of list) yield { cells: indicatorCells(ctx, ind) };
    }),
  });
  // Each table's rows are made as they are read: the section holds the project, not its rows.
  return {
    id: p.id,
    title,
    sheetName: sheetName(p.code || p.name, taken),
    tables: [
      {
        id: 'overview',
        title: null,
        columns: OVERVIEW_COLUMNS,
        rows: lazyRows(function* () {
          for (const [k, v] of overviewItems(ctx, p)) yield { cells: [textCell(k), textCell(v)] };
        }),
      },
      // The project's own indicators apart from the strategy's figures its sheet names.
      ...(indicators.own.length || !indicators.related.length
        ? [table('indicators', '設定指標', indicators.own)]
        : []),
      ...(indicators.related.length ? [table('related', '成果目標・KPI', indicators.related)] : []),
      {
        id: 'years',
        title: '年度別の計画・実績',
        columns: YEAR_COLUMNS,
        rows: lazyRows(function* () {
          const years = [...(p.years ?? [])].sort((a, b) => a.fiscalYear - b.fiscalYear);
          for (const y of years)
            yield { cells: [textCell(yearHeader(y.fiscalYear)), textCell(y.plan), textCell(y.result)] };
        }),
      },
    ],
  };
}

const OVERVIEW_COLUMNS: ReportColumn[] = [
  { key: 'item', header: '項目', width: 14, kind: 'text' },
  { key: 'content', header: '内容', width: 80, kind: 'long' },
];

const YEAR_COLUMNS: ReportColumn[] = [
  { key: 'year', header: '年度', width: 12, kind: 'text' },
  { key: 'plan', header: '計画', width: 40, kind: 'long' },
  { key: 'result', header: '実績', width: 40, kind: 'long' },
];

/** The items of a project's overview (項目 | 内容), its classifications last. */
function overviewItems(ctx: ReportContext, p: Project): [string, string][] {
  const measure = p.measureId ? ctx.measures.get(p.measureId) : undefined;
  const goalIds = p.goalIds?.length ? p.goalIds : measure?.goalId ? [measure.goalId] : [];
  const goals = goalIds
    .map((id) => ctx.goals.get(id))
    .filter((g) => g !== undefined)
    .map((g) => [g.code, g.name].filter(Boolean).join(' '));
  const tagSetName = new Map(ctx.doc.tagSets.map((s) => [s.id, s]));
  const tagLines = new Map<string, string[]>();
  for (const t of p.tags ?? []) {
    const set = tagSetName.get(t.set);
    const label = set?.tags.find((x) => x.id === t.tag)?.name ?? t.tag;
    const key = set?.name ?? t.set;
    tagLines.set(key, [...(tagLines.get(key) ?? []), label]);
  }
  const period = p.period
    ? (p.period.raw ?? [p.period.from, p.period.to].map((y) => (y != null ? yearHeader(y) : '')).join('～'))
    : '';
  return [
    ['事業番号', p.code ?? ''],
    ['事業名', p.name],
    ['事業概要', p.summary ?? ''],
    ['基本目標', goals.join('\n')],
    ['関連する施策', measure ? [measure.code, measure.name].filter(Boolean).join(' ') : ''],
    ['担当課', (p.departments ?? []).join('・')],
    ['事業主体', (p.bodies ?? []).join('・')],
    ['実施期間', period],
    ['重点施策', p.priority ? '●' : ''],
    ['SDGs', (p.sdgs ?? []).map((n) => `${n}`).join('・')],
    ...[...tagLines].map<[string, string]>(([k, v]) => [k, v.join('・')]),
  ];
}

/** The columns of a sheet's indicators (設定指標). */
function indicatorColumns(ctx: ReportContext): ReportColumn[] {
  return [
    { key: 'name', header: '指標名', width: 30, kind: 'text' },
    { key: 'baseline', header: '基準値', width: 14, kind: 'number' },
    { key: 'latest', header: '最新の実績値', width: 14, kind: 'number' },
    { key: 'actuals', header: '実績の推移', width: 30, kind: 'long' },
    { key: 'target', header: '目標値', width: 14, kind: 'number' },
    { key: 'status', header: '進捗状況', width: 12, kind: 'status' },
    ...computedColumns(ctx),
  ];
}

/** An indicator's cells on its project's sheet, in the order of {@link indicatorColumns}. */
function indicatorCells(ctx: ReportContext, ind: Indicator): ReportCell[] {
  return [
    textCell(ind.name),
    figureCell(ind.baseline, ind.unit),
    figureCell(latestActual(ind, ctx.fiscalYear), ind.unit),
    textCell(actualHistory(ind, ctx.fiscalYear)),
    figureCell(ind.target, ind.unit),
    statusCell(ctx, ind),
    ...computedCells(ctx, ind),
  ];
}

/** The actuals of an indicator up to a fiscal year, oldest first: `R2: 12件 / R3: 15件`. */
function actualHistory(ind: Indicator, upTo: number | null): string {
  return [...ind.actuals]
    .filter(
      (a) => a.fiscalYear != null && (upTo == null || a.fiscalYear <= upTo) && (a.raw || a.value != null),
    )
    .sort((a, b) => (a.fiscalYear as number) - (b.fiscalYear as number))
    .map((a) => `${yearHeader(a.fiscalYear as number)}: ${figureCell(a, ind.unit).text}`)
    .join(' / ');
}

/** 重点施策一覧: the priority projects with their department, measure, indicators and targets. */
function priorityList(
  ctx: ReportContext,
  projects: Project[],
  byProject: Map<string, ProjectIndicators>,
  taken: Set<string>,
): ReportSection {
  // Each row is made as it is read.
  const rows = lazyRows(function* (): Generator<ReportRow> {
    for (const p of projects) {
      const measure = p.measureId ? ctx.measures.get(p.measureId) : undefined;
      // Its 設定指標, else the KPIs its sheet names.
      const lists = byProject.get(p.id);
      const kpis = lists?.own.length ? lists.own : (lists?.related ?? []);
      const base = [
        textCell(p.code),
        textCell(p.name),
        textCell((p.departments ?? []).join('・')),
        textCell(measure ? [measure.code, measure.name].filter(Boolean).join(' ') : ''),
      ];
      if (!kpis.length) yield { cells: [...base, textCell(''), textCell(''), textCell('')] };
      for (const [k, ind] of kpis.entries())
        yield {
          cells: [
            ...(k === 0 ? base : base.map(() => textCell(''))),
            textCell(ind.name),
            figureCell(ind.target, ind.unit),
            figureCell(latestActual(ind, ctx.fiscalYear), ind.unit),
          ],
        };
    }
  });
  return {
    id: 'priority',
    title: '重点施策一覧',
    sheetName: sheetName('重点施策一覧', taken),
    tables: [
      {
        id: 'priority',
        title: null,
        columns: [
          { key: 'no', header: 'No.', width: 8, kind: 'text' },
          { key: 'name', header: '事業名', width: 28, kind: 'text' },
          { key: 'department', header: '担当課', width: 14, kind: 'text' },
          { key: 'measure', header: '関連する施策', width: 24, kind: 'text' },
          { key: 'indicator', header: '設定指標', width: 24, kind: 'text' },
          { key: 'target', header: '目標値', width: 12, kind: 'number' },
          { key: 'latest', header: '最新の実績値', width: 12, kind: 'number' },
        ],
        rows,
      },
    ],
  };
}
