import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { Indicator, StrategyDocument } from '../interchange.ts';
import {
  commentaryOf,
  computedCells,
  computedColumns,
  type ReportContext,
  ROLE_LABEL,
  recordCounts,
  reportContext,
  statusCell,
  yearLayout,
} from './report-context.ts';
import {
  figureCell,
  lazyRows,
  type ReportColumn,
  type ReportModel,
  type ReportOptions,
  type ReportRow,
  type ReportTable,
  textCell,
  yearHeader,
} from './report-model.ts';
import { revisedFigureCell } from './revised-figure.ts';

/**
 * The KPI list (数値目標・KPI一覧): per basic goal and measure, each indicator with its baseline,
 * yearly actuals, target, status, comments ①②③ of the year, definition and department; then
 * the closing table of counts and shares per status. Project indicators are on the project sheets.
 *
 * @example
 * const m = kpiList(doc, evaluateDocument(doc, { asOf: 2024 }), { date: '2025-06-01' })
 * collectRows(m.sections[0].tables[0])[0] // { heading: '1 安定した雇用を創出する' }
 */
export function kpiList(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ReportOptions,
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  const period = periodOf(doc, ctx.fiscalYear);
  const listed = doc.indicators.filter(
    (i) =>
      i.role !== 'project_indicator' &&
      i.owner?.type !== 'project' &&
      (period == null || (i.strategyId ?? period) === period),
  );
  const layout = yearLayout(listed, ctx.fiscalYear);
  const years = layout.years;
  const columns: ReportColumn[] = [
    { key: 'role', header: '区分', width: 8, kind: 'text' },
    { key: 'name', header: '指標名', width: 28, kind: 'text' },
    { key: 'unit', header: '単位', width: 6, kind: 'text' },
    { key: 'baseline', header: '基準値', width: 12, kind: 'number' },
    ...years.map<ReportColumn>((y) => ({
      key: `actual-${y}`,
      header: `${yearHeader(y)} 実績値`,
      width: 12,
      kind: 'number',
    })),
    { key: 'target', header: '目標値', width: 12, kind: 'number' },
    { key: 'status', header: '進捗状況', width: 10, kind: 'status' },
    ...computedColumns(ctx),
    { key: 'progress', header: '①関連事業実施状況', width: 30, kind: 'long' },
    { key: 'issues', header: '②課題', width: 24, kind: 'long' },
    { key: 'nextSteps', header: '③今後の方策', width: 24, kind: 'long' },
    { key: 'definition', header: '解説・算出方法', width: 28, kind: 'long' },
    { key: 'department', header: '担当課', width: 12, kind: 'text' },
  ];
  // The groups hold the indicators (the document's own objects); each row is made as it is read.
  const byGoal = groupByGoal(ctx, listed);
  const rows = lazyRows(function* (): Generator<ReportRow> {
    for (const group of byGoal) {
      yield { heading: group.heading };
      for (const part of group.parts) {
        if (part.heading) yield { heading: part.heading };
        for (const ind of part.indicators) yield { cells: indicatorCells(ctx, ind, layout) };
      }
    }
  });
  const fy = ctx.fiscalYear;
  const summary = evaluation.summary.overall;
  const counts = recordCounts(summary, evaluation.scheme);
  const summaryTable: ReportTable = {
    id: 'summary',
    title: '進捗状況の集計',
    columns: [
      { key: 'status', header: '進捗状況', width: 16, kind: 'status' },
      { key: 'count', header: '件数', width: 8, kind: 'number' },
      { key: 'share', header: '割合(%)', width: 10, kind: 'number' },
    ],
    rows: [
      ...counts.map<ReportRow>((c) => ({
        cells: [
          { text: c.label, color: c.color },
          { text: `${c.count}件`, value: c.count },
          { text: `${c.share.toFixed(1)}%`, value: c.share },
        ],
      })),
      {
        cells: [
          { text: '合計' },
          { text: `${summary.total}件`, value: summary.total },
          { text: summary.total > 0 ? '100%' : '0%', value: summary.total > 0 ? 100 : 0 },
        ],
      },
    ],
  };
  return {
    kind: 'kpi-list',
    title: options.title || '数値目標・重要業績評価指標(KPI)一覧',
    titleEn: 'Numeric targets and KPIs',
    municipality: ctx.municipality,
    date: ctx.date,
    dateText: ctx.dateText,
    fiscalYear: fy,
    paper: options.paper ?? 'A3',
    sections: [
      {
        id: 'kpi',
        title: fy != null ? `数値目標・KPI (${yearHeader(fy)})` : '数値目標・KPI',
        sheetName: 'KPI一覧',
        tables: [{ id: 'kpi', title: null, columns, rows }],
      },
      { id: 'summary', title: '進捗状況の集計', sheetName: '集計', tables: [summaryTable] },
    ],
  };
}

function indicatorCells(ctx: ReportContext, ind: Indicator, layout: ReturnType<typeof yearLayout>) {
  const c = commentaryOf(ind.commentary, ctx.fiscalYear);
  return [
    textCell(ROLE_LABEL[ind.role ?? 'kpi'] ?? ''),
    textCell(ind.name),
    textCell(ind.unit),
    revisedFigureCell(ctx, ind, 'baseline'),
    ...layout.years.map((y) => figureCell(layout.actualAt(ind, y), ind.unit)),
    revisedFigureCell(ctx, ind, 'target'),
    statusCell(ctx, ind),
    ...computedCells(ctx, ind),
    textCell(c?.progress ?? c?.text),
    textCell(c?.issues),
    textCell(c?.nextSteps),
    textCell(ind.definition),
    textCell((ind.departments ?? []).join('・')),
  ];
}

interface GoalGroup {
  heading: string;
  parts: { heading: string | null; indicators: Indicator[] }[];
}

/** Goals in document order: numeric targets first, then each measure's KPIs; the rest last. */
function groupByGoal(ctx: ReportContext, indicators: Indicator[]): GoalGroup[] {
  const goalOf = (ind: Indicator): string | null => {
    const o = ind.owner;
    if (!o) return null;
    if (o.type === 'goal') return o.id;
    if (o.type === 'measure') return ctx.measures.get(o.id)?.goalId ?? null;
    return null;
  };
  const out: GoalGroup[] = [];
  const placed = new Set<Indicator>();
  for (const goal of ctx.doc.goals) {
    const mine = indicators.filter((i) => goalOf(i) === goal.id);
    if (!mine.length) continue;
    const parts: GoalGroup['parts'] = [];
    const own = mine.filter((i) => i.owner?.type === 'goal');
    if (own.length) parts.push({ heading: null, indicators: own });
    for (const m of ctx.doc.measures) {
      const list = mine.filter((i) => i.owner?.type === 'measure' && i.owner.id === m.id);
      if (list.length) parts.push({ heading: [m.code, m.name].filter(Boolean).join(' '), indicators: list });
    }
    for (const p of parts) for (const i of p.indicators) placed.add(i);
    const rest = mine.filter((i) => !placed.has(i));
    if (rest.length) parts.push({ heading: null, indicators: rest });
    for (const i of rest) placed.add(i);
    out.push({ heading: [goal.code, goal.name].filter(Boolean).join(' '), parts });
  }
  const others = indicators.filter((i) => !placed.has(i));
  if (others.length) out.push({ heading: 'その他の指標', parts: [{ heading: null, indicators: others }] });
  return out;
}

/**
 * The strategy period a KPI list shows: the one whose years contain the fiscal year, else the
 * document's own; null when the document names none.
 */
function periodOf(doc: StrategyDocument, fiscalYear: number | null): string | null {
  const all = [...(doc.strategy ? [doc.strategy] : []), ...(doc.strategies ?? [])];
  if (fiscalYear != null)
    for (const s of all)
      if ((s.period?.from ?? -Infinity) <= fiscalYear && fiscalYear <= (s.period?.to ?? Infinity))
        return s.id;
  return doc.strategy?.id ?? null;
}
