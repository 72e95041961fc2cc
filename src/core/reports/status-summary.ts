import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { SummaryGroup } from '../evaluation/summary.ts';
import type { StrategyDocument } from '../interchange.ts';
import { recordCounts, reportContext } from './report-context.ts';
import type { ReportColumn, ReportModel, ReportOptions, ReportRow, ReportTable } from './report-model.ts';

/**
 * The status summary (進捗状況の集計) by basic goal and by department: per group the count of
 * each status, then the total; the first row is the whole strategy. Shares are in the `lines`
 * column (`順調 11件(23.4%)`), as the evaluation summary writes them.
 *
 * @example
 * const m = statusSummary(doc, evaluateDocument(doc), { date: '2025-06-01' })
 * m.sections.map((s) => s.sheetName) // ['基本目標別', '担当課別']
 */
export function statusSummary(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ReportOptions,
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  const s = evaluation.summary;
  const goalName = (g: SummaryGroup) => {
    const goal = g.id != null ? ctx.goals.get(g.id) : undefined;
    return goal ? [goal.code, goal.name].filter(Boolean).join(' ') : g.name;
  };
  return {
    kind: 'status-summary',
    title: options.title || '進捗状況の集計',
    titleEn: 'Status summary',
    municipality: ctx.municipality,
    date: ctx.date,
    dateText: ctx.dateText,
    fiscalYear: ctx.fiscalYear,
    paper: options.paper ?? 'A4',
    sections: [
      {
        id: 'by-goal',
        title: '基本目標別',
        sheetName: '基本目標別',
        tables: [groupTable('by-goal', '基本目標', s.overall, s.byGoal, goalName, evaluation)],
      },
      {
        id: 'by-department',
        title: '担当課別',
        sheetName: '担当課別',
        tables: [groupTable('by-department', '担当課', s.overall, s.byDepartment, (g) => g.name, evaluation)],
      },
    ],
  };
}

function groupTable(
  id: string,
  header: string,
  overall: SummaryGroup,
  groups: SummaryGroup[],
  name: (g: SummaryGroup) => string,
  evaluation: DocumentEvaluation,
): ReportTable {
  const slots = recordCounts(overall, evaluation.scheme).map((c) => ({ key: c.key, label: c.label }));
  const columns: ReportColumn[] = [
    { key: 'group', header, width: 28, kind: 'text' },
    ...slots.map<ReportColumn>((c) => ({
      key: `count-${c.key}`,
      header: c.label,
      width: 10,
      kind: 'number',
    })),
    { key: 'total', header: '合計', width: 8, kind: 'number' },
    { key: 'lines', header: '内訳', width: 50, kind: 'long' },
  ];
  const row = (g: SummaryGroup, label: string): ReportRow => {
    const byKey = new Map(g.counts.map((c) => [c.key, c.count]));
    return {
      cells: [
        { text: label },
        ...slots.map((c) => {
          const n = byKey.get(c.key) ?? 0;
          return { text: `${n}件`, value: n };
        }),
        { text: `${g.total}件`, value: g.total },
        { text: g.lines.join(' / ') },
      ],
    };
  };
  return { id, title: null, columns, rows: [row(overall, '全体'), ...groups.map((g) => row(g, name(g)))] };
}
