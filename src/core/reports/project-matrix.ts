import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { StrategyDocument } from '../interchange.ts';
import { reportContext } from './report-context.ts';
import {
  type ReportCell,
  type ReportColumn,
  type ReportModel,
  type ReportOptions,
  type ReportRow,
  textCell,
} from './report-model.ts';

const MARK: ReportCell = { text: '●' };
const EMPTY: ReportCell = { text: '' };

/**
 * The project matrix (取組事業一覧): projects × basic goals, each classification set of the
 * document (視点 and the like, read from its tag sets), SDGs 1–17 and priority, with ● marks.
 * Only the SDG goals some project has get a column.
 *
 * @example
 * const m = projectMatrix(doc, evaluateDocument(doc), { date: '2025-06-01' })
 * m.sections[0].tables[0].columns.map((c) => c.header) // ['番号', '事業名', '担当課', '1 …', 'SDGs 8', '重点']
 */
export function projectMatrix(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ReportOptions,
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  const sdgs = [...new Set(doc.projects.flatMap((p) => p.sdgs ?? []))].sort((a, b) => a - b);
  const tagColumns = doc.tagSets.flatMap((set) =>
    set.tags.map((t) => ({ set: set.id, tag: t.id, header: `${set.name}: ${t.name}` })),
  );
  const columns: ReportColumn[] = [
    { key: 'code', header: '番号', width: 8, kind: 'text' },
    { key: 'name', header: '事業名', width: 32, kind: 'text' },
    { key: 'department', header: '担当課', width: 12, kind: 'text' },
    ...doc.goals.map<ReportColumn>((g) => ({
      key: `goal-${g.id}`,
      header: [g.code ? `基本目標${g.code}` : null, g.name].filter(Boolean).join(' '),
      width: 6,
      kind: 'mark',
    })),
    ...tagColumns.map<ReportColumn>((t) => ({
      key: `tag-${t.set}-${t.tag}`,
      header: t.header,
      width: 6,
      kind: 'mark',
    })),
    ...sdgs.map<ReportColumn>((n) => ({ key: `sdg-${n}`, header: `SDGs ${n}`, width: 5, kind: 'mark' })),
    { key: 'priority', header: '重点', width: 5, kind: 'mark' },
  ];
  const rows: ReportRow[] = doc.projects.map((p) => {
    const measureGoal = p.measureId ? ctx.measures.get(p.measureId)?.goalId : null;
    const goals = new Set(p.goalIds?.length ? p.goalIds : measureGoal ? [measureGoal] : []);
    const tags = new Set((p.tags ?? []).map((t) => `${t.set}\u0000${t.tag}`));
    const sd = new Set(p.sdgs ?? []);
    return {
      cells: [
        textCell(p.code),
        textCell(p.name),
        textCell((p.departments ?? []).join('・')),
        ...doc.goals.map((g) => (goals.has(g.id) ? MARK : EMPTY)),
        ...tagColumns.map((t) => (tags.has(`${t.set}\u0000${t.tag}`) ? MARK : EMPTY)),
        ...sdgs.map((n) => (sd.has(n) ? MARK : EMPTY)),
        p.priority ? MARK : EMPTY,
      ],
    };
  });
  return {
    kind: 'project-matrix',
    title: '取組事業一覧',
    titleEn: 'Project matrix',
    municipality: ctx.municipality,
    date: ctx.date,
    dateText: ctx.dateText,
    fiscalYear: ctx.fiscalYear,
    paper: options.paper ?? 'A3',
    sections: [
      {
        id: 'matrix',
        title: '取組事業一覧',
        sheetName: '取組事業一覧',
        tables: [{ id: 'matrix', title: null, columns, rows }],
      },
    ],
  };
}
