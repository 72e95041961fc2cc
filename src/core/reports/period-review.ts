import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { Indicator, Narrative, Strategy, StrategyDocument } from '../interchange.ts';
import { type CommitteeOpinion, opinionsByTarget, opinionText } from './committee-opinions.ts';
import {
  actualOf,
  actualYears,
  commentaryOf,
  computedCells,
  computedColumns,
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
  type ReportTable,
  textCell,
  yearHeader,
} from './report-model.ts';

const CHANGE_LABEL: Record<string, string> = {
  continued: '継続',
  changed: '変更',
  deleted: '削除',
  moved: '移動',
  new: '新規',
};

/**
 * The period review (期間の検証・次期への引継ぎ): the finished period's indicators under their
 * goal and measure with their yearly results, grades and 総括 (the KPI's own, else its measure's),
 * beside the next period's indicators (matched through `lineage.predecessorId`) with their new
 * baselines and targets. Indicators new in the next period follow at the end. With one period
 * only, the right-hand side stays empty.
 *
 * @example
 * const m = periodReview(doc, evaluateDocument(doc), { date: '2025-06-01' })
 * collectRows(m.sections[0].tables[0])[1].cells[0].text // the old indicator's name
 */
export function periodReview(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ReportOptions & { opinions?: readonly CommitteeOpinion[] },
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  // The committee's opinions of the whole period (every year), beside their KPI and measure.
  const opinions = opinionsByTarget(options.opinions ?? []);
  const opinionCell =
    opinions.size > 0
      ? (type: 'indicator' | 'measure', id: string) =>
          textCell(opinionText(opinions.get(`${type}:${id}`) ?? []))
      : null;
  const { previous, next } = periods(doc);
  const inPeriod = (ind: Indicator, s: Strategy | null) =>
    s == null ? true : (ind.strategyId ?? doc.strategy?.id ?? null) === s.id;
  const old = doc.indicators.filter((i) => inPeriod(i, previous) && (next == null || !inPeriod(i, next)));
  const successors = next ? doc.indicators.filter((i) => inPeriod(i, next)) : [];
  const review: Review = {
    ctx,
    next,
    years: actualYears(old, ctx.fiscalYear),
    opinionCell: opinionCell ? (id) => opinionCell('indicator', id) : null,
  };
  const columns = [...oldColumns(review, previous), ...nextColumns(next)];
  // Each row is made as it is read (the lists above hold the document's own indicators).
  const rows = lazyRows(() => reviewRows(review, old, successors));
  const measureTable = measureReview(
    ctx,
    previous,
    next,
    opinionCell ? (id) => opinionCell('measure', id) : null,
  );
  return {
    kind: 'period-review',
    title: options.title || '総合戦略 期間の検証と次期の指標',
    titleEn: 'Period review',
    municipality: ctx.municipality,
    date: ctx.date,
    dateText: ctx.dateText,
    fiscalYear: ctx.fiscalYear,
    paper: options.paper ?? 'A3',
    sections: [
      {
        id: 'review',
        title: '期間の検証',
        sheetName: '期間の検証',
        tables: [{ id: 'review', title: null, columns, rows }],
      },
      ...(measureTable.rows.length
        ? [{ id: 'measures', title: '施策の総括', sheetName: '施策の総括', tables: [measureTable] }]
        : []),
    ],
  };
}

/** What the review's rows share: the context, the next period, the years shown, the opinions. */
interface Review {
  ctx: ReportContext;
  next: Strategy | null;
  years: number[];
  /** The committee's opinions on an indicator, when there are any in the period. */
  opinionCell: ((indicatorId: string) => ReportCell) | null;
}

const label = (s: Strategy | null, fallback: string) => s?.name ?? fallback;

/** The finished period's columns: name, baseline, yearly actuals, target, grade, 総括, opinions. */
function oldColumns(review: Review, previous: Strategy | null): ReportColumn[] {
  return [
    { key: 'name', header: `${label(previous, '今期')} 指標名`, width: 26, kind: 'text' },
    { key: 'baseline', header: '基準値', width: 12, kind: 'number' },
    ...review.years.map<ReportColumn>((y) => ({
      key: `actual-${y}`,
      header: `${yearHeader(y)} 実績`,
      width: 12,
      kind: 'number',
    })),
    { key: 'target', header: '目標値', width: 12, kind: 'number' },
    { key: 'grade', header: '評価', width: 10, kind: 'status' },
    ...computedColumns(review.ctx),
    { key: 'summary', header: '総括', width: 30, kind: 'long' },
    ...(review.opinionCell
      ? [{ key: 'opinions', header: '委員会の意見・対応', width: 30, kind: 'long' as const }]
      : []),
  ];
}

/** The finished period's cells of an indicator, in the order of `oldColumns`. */
function oldCells(review: Review, ind: Indicator): ReportCell[] {
  const { ctx } = review;
  return [
    textCell(ind.name),
    figureCell(ind.baseline, ind.unit),
    ...review.years.map((y) => figureCell(actualOf(ind, y), ind.unit)),
    figureCell(ind.target, ind.unit),
    statusCell(ctx, ind),
    ...computedCells(ctx, ind),
    textCell(summaryOf(review, ind)),
    ...(review.opinionCell ? [review.opinionCell(ind.id)] : []),
  ];
}

/** The next period's columns: its handling of the indicator, name, baseline, target, reason, 担当課. */
function nextColumns(next: Strategy | null): ReportColumn[] {
  return [
    { key: 'change', header: '次期の扱い', width: 8, kind: 'text' },
    { key: 'nextName', header: `${label(next, '次期')} 指標名`, width: 26, kind: 'text' },
    { key: 'nextBaseline', header: '新たな基準値', width: 12, kind: 'number' },
    { key: 'nextTarget', header: '新たな目標値', width: 12, kind: 'number' },
    { key: 'reason', header: '変更・削除の理由', width: 24, kind: 'long' },
    { key: 'department', header: '担当課', width: 12, kind: 'text' },
  ];
}

/** The next period's cells (the department apart: it falls back on the finished period's). */
function nextCells(s: Indicator | null, change: string | null, reason: string | null = null): ReportCell[] {
  return [
    textCell(change),
    textCell(s?.name),
    figureCell(s?.baseline, s?.unit),
    figureCell(s?.target, s?.unit),
    textCell(reasonText(reason, change)),
  ];
}

/**
 * The rows: each finished-period indicator under its goal and measure, beside each indicator that
 * continues it (or 削除 when none does); then the next period's indicators new in it.
 */
function* reviewRows(review: Review, old: Indicator[], successors: Indicator[]): Generator<ReportRow> {
  const { ctx, next } = review;
  const bySuccessor = new Map<string, Indicator[]>();
  for (const s of successors) {
    const pid = s.lineage?.predecessorId;
    if (pid) bySuccessor.set(pid, [...(bySuccessor.get(pid) ?? []), s]);
  }
  const blankOld = (): ReportCell[] => oldColumns(review, null).map(() => ({ text: '' }));
  const departments = (ind: Indicator | null | undefined) => ind?.departments;
  const matched = new Set<Indicator>();
  for (const group of groupByHierarchy(ctx, old)) {
    if (group.heading) yield { heading: group.heading };
    for (const ind of group.indicators) {
      const left = oldCells(review, ind);
      const succ = bySuccessor.get(ind.id) ?? [];
      if (!succ.length) {
        const deleted = next != null ? '削除' : '';
        const reason = next != null && ind.lineage?.change === 'deleted' ? (ind.lineage.raw ?? null) : null;
        yield {
          cells: [
            ...left,
            ...nextCells(null, deleted, reason),
            textCell((departments(ind) ?? []).join('・')),
          ],
        };
        continue;
      }
      for (const [k, s] of succ.entries()) {
        matched.add(s);
        const change = CHANGE_LABEL[s.lineage?.change ?? 'continued'] ?? '継続';
        yield {
          cells: [
            ...(k === 0 ? left : blankOld()),
            ...nextCells(s, change, s.lineage?.raw ?? null),
            textCell((departments(s) ?? departments(ind) ?? []).join('・')),
          ],
        };
      }
    }
  }
  const fresh = successors.filter((s) => !matched.has(s));
  if (fresh.length) {
    yield { heading: '次期の新規指標' };
    for (const s of fresh)
      yield {
        cells: [...blankOld(), ...nextCells(s, '新規'), textCell((departments(s) ?? []).join('・'))],
      };
  }
}

/**
 * The reason beside a 削除, 変更 or 移動: the planner's text, or the marker an imported review
 * wrote (`2(4)から移動`); nothing when it only repeats the change (an imported bare `削除`).
 */
function reasonText(reason: string | null, change: string | null): string {
  const r = reason?.trim() ?? '';
  return r && r !== change ? r : '';
}

/** The finished period and the next one: by generation, else by period start; null when absent. */
function periods(doc: StrategyDocument): { previous: Strategy | null; next: Strategy | null } {
  const all = [...(doc.strategy ? [doc.strategy] : []), ...(doc.strategies ?? [])].filter(
    (s, i, a) => a.findIndex((x) => x.id === s.id) === i,
  );
  if (all.length < 2) return { previous: all[0] ?? null, next: null };
  const order = (s: Strategy) => s.generation ?? s.period?.from ?? 0;
  all.sort((a, b) => order(a) - order(b));
  return { previous: all[all.length - 2] ?? null, next: all[all.length - 1] ?? null };
}

/**
 * The 総括 beside a KPI: its own (its commentary's summary), else the 総括 its goal or measure
 * (and the measures under it) was given for the finished period, each text headed with where it
 * comes from (施策の総括 (①…): …).
 */
function summaryOf(review: Review, ind: Indicator): string {
  const own = kpiSummary(ind, review.ctx.fiscalYear);
  if (own || !ind.owner || ind.owner.type === 'project') return own;
  const { doc } = review.ctx;
  const finished = (n: Narrative) =>
    (NARRATIVE_LABEL[n.kind] ?? n.kind) === '総括' &&
    (n.strategyId == null || n.strategyId !== review.next?.id);
  const textOf = (list: Narrative[] | undefined) =>
    (list ?? [])
      .filter(finished)
      .map((n) => n.text.trim())
      .filter(Boolean)
      .join('\n');
  if (ind.owner.type === 'goal') {
    const text = textOf(doc.goals.find((g) => g.id === ind.owner!.id)?.narratives);
    return text ? `基本目標の総括: ${text}` : '';
  }
  const lines: string[] = [];
  const visit = (id: string, depth: number) => {
    const m = doc.measures.find((x) => x.id === id);
    if (!m || depth > 8) return;
    const text = textOf(m.narratives);
    const name = [m.code, m.name].filter(Boolean).join(' ');
    if (text) lines.push(depth === 0 ? `施策の総括: ${text}` : `施策の総括 (${name}): ${text}`);
    for (const child of doc.measures) if (child.parentId === id) visit(child.id, depth + 1);
  };
  visit(ind.owner.id, 0);
  return lines.join('\n');
}

/** The 総括 of a KPI: its commentary's summary (or text) of the year, else the latest before it. */
function kpiSummary(ind: Indicator, fiscalYear: number | null): string {
  const c = commentaryOf(ind.commentary, fiscalYear) ?? commentaryOf(ind.commentary, null);
  return c?.summary ?? '';
}

/** Indicators grouped under their goal and measure headings, in document order; the rest last. */
function groupByHierarchy(
  ctx: ReportContext,
  indicators: Indicator[],
): { heading: string | null; indicators: Indicator[] }[] {
  const out: { heading: string | null; indicators: Indicator[] }[] = [];
  const placed = new Set<Indicator>();
  const take = (heading: string | null, list: Indicator[]) => {
    const fresh = list.filter((i) => !placed.has(i));
    for (const i of fresh) placed.add(i);
    if (fresh.length) out.push({ heading, indicators: fresh });
  };
  for (const goal of ctx.doc.goals) {
    const goalHeading = [goal.code ? `基本目標${goal.code}` : '基本目標', goal.name].join(' ');
    const own = indicators.filter((i) => i.owner?.type === 'goal' && i.owner.id === goal.id);
    const measures = ctx.doc.measures.filter((m) => m.goalId === goal.id);
    const any =
      own.length ||
      measures.some((m) => indicators.some((i) => i.owner?.type === 'measure' && i.owner.id === m.id));
    if (!any) continue;
    out.push({ heading: goalHeading, indicators: [] });
    take(null, own);
    for (const m of measures)
      take(
        [m.code, m.name].filter(Boolean).join(' '),
        indicators.filter((i) => i.owner?.type === 'measure' && i.owner.id === m.id),
      );
  }
  take(ctx.doc.goals.length ? 'その他の指標' : null, indicators);
  return out;
}

const NARRATIVE_LABEL: Record<string, string> = {
  summary: '施策の概要',
  overview: '施策の概要',
  mainActions: '主な取組',
  overall: '総括',
  digital: 'デジタル活用',
  department: '担当課',
};

/** A text of the next period as shown beside the finished one: headed with its field when it has one. */
function nextPeriodText(n: Narrative): string {
  const label = NARRATIVE_LABEL[n.kind];
  return label ? `${label}: ${n.text}` : n.text;
}

/**
 * The measures' texts (施策の概要, 主な取組, 総括) per goal and measure, the finished period's beside
 * the next period's when the document holds both.
 */
function measureReview(
  ctx: ReportContext,
  previous: Strategy | null,
  next: Strategy | null,
  opinionCell: ((measureId: string) => ReportCell) | null,
): ReportTable & { rows: ReportRow[] } {
  const columns: ReportColumn[] = [
    { key: 'goal', header: '基本目標', width: 18, kind: 'text' },
    { key: 'measure', header: '施策', width: 22, kind: 'text' },
    { key: 'overview', header: '施策の概要', width: 36, kind: 'long' },
    { key: 'mainActions', header: '主な取組', width: 36, kind: 'long' },
    { key: 'overall', header: `総括${previous ? ` (${previous.name})` : ''}`, width: 36, kind: 'long' },
    ...(opinionCell
      ? [{ key: 'opinions', header: '委員会の意見・対応', width: 36, kind: 'long' as const }]
      : []),
    ...(next ? [{ key: 'next', header: `${next.name}`, width: 36, kind: 'long' as const }] : []),
  ];
  const rows: ReportRow[] = [];
  for (const m of ctx.doc.measures) {
    const texts = (kind: string, strategy: Strategy | null) =>
      (m.narratives ?? [])
        .filter(
          (n) =>
            (NARRATIVE_LABEL[n.kind] ?? n.kind) === kind &&
            (strategy == null || n.strategyId == null || n.strategyId === strategy.id),
        )
        .map((n) => n.text)
        .join('\n');
    const overview = [m.summary ?? '', texts('施策の概要', next ? previous : null)]
      .filter(Boolean)
      .join('\n');
    const main = texts('主な取組', next ? previous : null);
    const overall = texts('総括', next ? previous : null);
    const nextText = next
      ? (m.narratives ?? [])
          .filter((n) => n.strategyId === next.id && n.kind !== 'heading')
          .map(nextPeriodText)
          .join('\n')
      : '';
    const opinion = opinionCell?.(m.id) ?? null;
    if (!overview && !main && !overall && !nextText && !opinion?.text) continue;
    const goal = m.goalId ? ctx.goals.get(m.goalId) : undefined;
    rows.push({
      cells: [
        textCell(goal ? [goal.code, goal.name].filter(Boolean).join(' ') : ''),
        textCell([m.code, m.name].filter(Boolean).join(' ')),
        textCell(overview),
        textCell(main),
        textCell(overall),
        ...(opinion ? [opinion] : []),
        ...(next ? [textCell(nextText)] : []),
      ],
    });
  }
  return { id: 'measures', title: null, columns, rows };
}
