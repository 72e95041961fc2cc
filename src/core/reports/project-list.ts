import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import { goalsOf } from '../evaluation/summary.ts';
import type { Indicator, Project, StrategyDocument } from '../interchange.ts';
import { projectIndicators, projectKpis, type ReportContext, reportContext } from './report-context.ts';
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

/**
 * The project list (具体的事業一覧): per basic goal its numeric targets, then each measure with its
 * KPIs and its numbered projects (summary, KPI, unit, target, latest actual, department, remarks
 * such as 課名変更 / KPI変更 / 事業休止 from the indicator's and project's notes). Projects linked to a
 * goal but no measure follow the goal's measures; projects linked to nothing come last.
 *
 * @example
 * const m = projectList(doc, evaluateDocument(doc), { date: '2025-06-01' })
 * collectRows(m.sections[0].tables[0])[0] // { heading: '基本目標1 仕事をつくる' }
 */
export function projectList(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ReportOptions,
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  const columns: ReportColumn[] = [
    { key: 'kind', header: '区分', width: 8, kind: 'text' },
    { key: 'no', header: 'No.', width: 8, kind: 'text' },
    { key: 'name', header: '事業名・指標名', width: 28, kind: 'text' },
    { key: 'summary', header: '事業概要', width: 40, kind: 'long' },
    { key: 'kpi', header: 'KPI', width: 24, kind: 'text' },
    { key: 'unit', header: '単位', width: 6, kind: 'text' },
    { key: 'target', header: '目標値', width: 12, kind: 'number' },
    { key: 'latest', header: '最新の実績値', width: 12, kind: 'number' },
    { key: 'department', header: '担当課', width: 14, kind: 'text' },
    { key: 'remarks', header: '備考', width: 18, kind: 'long' },
  ];
  const byOwner = new Map<string, Indicator[]>();
  for (const ind of doc.indicators) {
    if (!ind.owner) continue;
    const k = `${ind.owner.type}:${ind.owner.id}`;
    const list = byOwner.get(k);
    if (list) list.push(ind);
    else byOwner.set(k, [ind]);
  }
  const own = (type: string, id: string) => byOwner.get(`${type}:${id}`) ?? [];
  const byProject = projectIndicators(doc);
  // Each row is made as it is read (the groups above hold the document's own objects).
  const rows = lazyRows(function* (): Generator<ReportRow> {
    const placed = new Set<string>();
    function* projectRows(p: Project): Generator<ReportRow> {
      placed.add(p.id);
      const kpis = projectKpis(byProject.get(p.id));
      yield { cells: projectCells(ctx, p, kpis[0] ?? null) };
      for (const k of kpis.slice(1))
        yield { cells: [textCell(''), textCell(''), textCell(''), textCell(''), ...kpiCells(ctx, k)] };
    }
    for (const goal of doc.goals) {
      yield { heading: [goal.code ? `基本目標${goal.code}` : '基本目標', goal.name].join(' ') };
      for (const ind of own('goal', goal.id)) yield { cells: indicatorRow('数値目標', ctx, ind) };
      for (const m of doc.measures.filter((x) => x.goalId === goal.id)) {
        yield { heading: [m.code, m.name].filter(Boolean).join(' ') };
        for (const ind of own('measure', m.id)) yield { cells: indicatorRow('KPI', ctx, ind) };
        for (const p of doc.projects) if (p.measureId === m.id) yield* projectRows(p);
      }
      const direct = doc.projects.filter(
        (p) =>
          !placed.has(p.id) && !p.measureId && goalsOf(doc, { type: 'project', id: p.id }).includes(goal.id),
      );
      if (direct.length) {
        yield { heading: '施策の指定のない事業' };
        for (const p of direct) yield* projectRows(p);
      }
    }
    const rest = doc.projects.filter((p) => !placed.has(p.id));
    if (rest.length) {
      yield { heading: 'その他の事業' };
      for (const p of rest) yield* projectRows(p);
    }
  });
  return {
    kind: 'project-list',
    title: options.title || '具体的事業一覧',
    titleEn: 'Project list',
    municipality: ctx.municipality,
    date: ctx.date,
    dateText: ctx.dateText,
    fiscalYear: ctx.fiscalYear,
    paper: options.paper ?? 'A3',
    sections: [
      {
        id: 'projects',
        title: '具体的事業一覧',
        sheetName: '具体的事業一覧',
        tables: [{ id: 'projects', title: null, columns, rows }],
      },
    ],
  };
}

/** KPI, unit, target, latest actual, department and remarks of an indicator. */
function kpiCells(ctx: ReportContext, ind: Indicator | null): ReportCell[] {
  if (!ind) return [textCell(''), textCell(''), textCell(''), textCell(''), textCell(''), textCell('')];
  return [
    textCell(ind.name),
    textCell(ind.unit),
    figureCell(ind.target, ind.unit),
    figureCell(latestActual(ind, ctx.fiscalYear), ind.unit),
    textCell((ind.departments ?? []).join('・')),
    textCell((ind.notes ?? []).join('・')),
  ];
}

function indicatorRow(kind: string, ctx: ReportContext, ind: Indicator): ReportCell[] {
  return [textCell(kind), textCell(''), textCell(ind.name), textCell(ind.definition), ...kpiCells(ctx, ind)];
}

function projectCells(ctx: ReportContext, p: Project, kpi: Indicator | null): ReportCell[] {
  const cells = [
    textCell('事業'),
    textCell(p.code),
    textCell(p.name),
    textCell(p.summary),
    ...kpiCells(ctx, kpi),
  ];
  // The project's own departments and remarks complete the first KPI's.
  const depts = [...new Set([...(p.departments ?? []), ...(kpi?.departments ?? [])])];
  cells[8] = textCell(depts.join('・'));
  const remarks = [
    ...(kpi?.notes ?? []),
    ...(p.narratives ?? []).filter((n) => n.kind === 'remarks').map((n) => n.text),
  ];
  cells[9] = textCell([...new Set(remarks)].join('・'));
  return cells;
}

/**
 * The latest actual of an indicator up to a fiscal year, or null.
 *
 * @example latestActual(ind, 2024)?.fiscalYear // 2023
 */
export function latestActual(ind: Indicator, upTo: number | null): Indicator['actuals'][number] | null {
  let best: Indicator['actuals'][number] | null = null;
  let undated: Indicator['actuals'][number] | null = null;
  for (const a of ind.actuals) {
    if (a.value == null && !a.raw) continue;
    if (a.fiscalYear == null) {
      undated = a;
      continue;
    }
    if (upTo != null && a.fiscalYear > upTo) continue;
    if (!best || (best.fiscalYear ?? 0) < a.fiscalYear) best = a;
  }
  // A sheet that gives its 実績 without a year (`設定指標 | 実績` tables): that figure, when no
  // dated one is there.
  return best ?? undated;
}
