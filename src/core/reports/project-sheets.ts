import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { Indicator, Project, StrategyDocument } from '../interchange.ts';
import {
  computedCells,
  computedColumns,
  type ReportContext,
  reportContext,
  statusCell,
} from './report-context.ts';
import {
  figureCell,
  type ReportModel,
  type ReportOptions,
  type ReportSection,
  sheetName,
  textCell,
  yearHeader,
} from './report-model.ts';

/**
 * Project sheets (個票): one section (one printed page, one worksheet) per project with its goal,
 * related measure, departments, implementing bodies, period, priority, SDGs, classifications,
 * its indicators (outcome target and KPI) and the yearly plan and results.
 *
 * @example
 * const m = projectSheets(doc, evaluateDocument(doc, { asOf: 2024 }), { date: '2025-06-01' })
 * m.sections.length // one per project
 */
export function projectSheets(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ReportOptions,
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  const byProject = new Map<string, Indicator[]>();
  for (const ind of doc.indicators) {
    if (ind.owner?.type !== 'project') continue;
    const list = byProject.get(ind.owner.id) ?? [];
    list.push(ind);
    byProject.set(ind.owner.id, list);
  }
  const taken = new Set<string>();
  const sections = doc.projects.map((p) => projectSection(ctx, p, byProject.get(p.id) ?? [], taken));
  return {
    kind: 'project-sheets',
    title: '事業個票',
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
  indicators: Indicator[],
  taken: Set<string>,
): ReportSection {
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
  const kv: [string, string][] = [
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
  const years = [...(p.years ?? [])].sort((a, b) => a.fiscalYear - b.fiscalYear);
  const title = [p.code, p.name].filter(Boolean).join(' ');
  return {
    id: p.id,
    title,
    sheetName: sheetName(p.code || p.name, taken),
    tables: [
      {
        id: 'overview',
        title: null,
        columns: [
          { key: 'item', header: '項目', width: 14, kind: 'text' },
          { key: 'content', header: '内容', width: 80, kind: 'long' },
        ],
        rows: kv.map(([k, v]) => ({ cells: [textCell(k), textCell(v)] })),
      },
      {
        id: 'indicators',
        title: '成果目標・KPI',
        columns: [
          { key: 'name', header: '指標名', width: 30, kind: 'text' },
          { key: 'baseline', header: '基準値', width: 14, kind: 'number' },
          { key: 'latest', header: '最新の実績値', width: 14, kind: 'number' },
          { key: 'target', header: '目標値', width: 14, kind: 'number' },
          { key: 'status', header: '進捗状況', width: 12, kind: 'status' },
          ...computedColumns(ctx),
        ],
        rows: indicators.map((ind) => {
          const latest = latestActual(ind, ctx.fiscalYear);
          return {
            cells: [
              textCell(ind.name),
              figureCell(ind.baseline, ind.unit),
              figureCell(latest, ind.unit),
              figureCell(ind.target, ind.unit),
              statusCell(ctx, ind),
              ...computedCells(ctx, ind),
            ],
          };
        }),
      },
      {
        id: 'years',
        title: '年度別の計画・実績',
        columns: [
          { key: 'year', header: '年度', width: 12, kind: 'text' },
          { key: 'plan', header: '計画', width: 40, kind: 'long' },
          { key: 'result', header: '実績', width: 40, kind: 'long' },
        ],
        rows: years.map((y) => ({
          cells: [textCell(yearHeader(y.fiscalYear)), textCell(y.plan), textCell(y.result)],
        })),
      },
    ],
  };
}

function latestActual(ind: Indicator, upTo: number | null) {
  let best: Indicator['actuals'][number] | null = null;
  for (const a of ind.actuals) {
    if (a.fiscalYear == null || (upTo != null && a.fiscalYear > upTo)) continue;
    if (!best || (best.fiscalYear ?? 0) < a.fiscalYear) best = a;
  }
  return best;
}
