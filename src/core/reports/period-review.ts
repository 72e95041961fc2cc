import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { Indicator, Strategy, StrategyDocument } from '../interchange.ts';
import {
  actualOf,
  actualYears,
  computedCells,
  computedColumns,
  reportContext,
  statusCell,
} from './report-context.ts';
import {
  figureCell,
  type ReportCell,
  type ReportColumn,
  type ReportModel,
  type ReportOptions,
  type ReportRow,
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
 * The period review (期間の検証・次期への引継ぎ): the finished period's indicators with their
 * yearly results and grades, beside the next period's indicators (matched through
 * `lineage.predecessorId`) with their new baselines and targets. Indicators new in the next period
 * follow at the end. With one period only, the right-hand side stays empty.
 *
 * @example
 * const m = periodReview(doc, evaluateDocument(doc), { date: '2025-06-01' })
 * m.sections[0].tables[0].rows[1].cells[0].text // the old indicator's name
 */
export function periodReview(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ReportOptions,
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  const { previous, next } = periods(doc);
  const inPeriod = (ind: Indicator, s: Strategy | null) =>
    s == null ? true : (ind.strategyId ?? doc.strategy?.id ?? null) === s.id;
  const old = doc.indicators.filter((i) => inPeriod(i, previous) && (next == null || !inPeriod(i, next)));
  const successors = next ? doc.indicators.filter((i) => inPeriod(i, next)) : [];
  const bySuccessor = new Map<string, Indicator[]>();
  for (const s of successors) {
    const pid = s.lineage?.predecessorId;
    if (pid) bySuccessor.set(pid, [...(bySuccessor.get(pid) ?? []), s]);
  }
  const years = actualYears(old, ctx.fiscalYear);
  const label = (s: Strategy | null, fallback: string) => s?.name ?? fallback;
  const columns: ReportColumn[] = [
    { key: 'name', header: `${label(previous, '今期')} 指標名`, width: 26, kind: 'text' },
    { key: 'baseline', header: '基準値', width: 12, kind: 'number' },
    ...years.map<ReportColumn>((y) => ({
      key: `actual-${y}`,
      header: `${yearHeader(y)} 実績`,
      width: 12,
      kind: 'number',
    })),
    { key: 'target', header: '目標値', width: 12, kind: 'number' },
    { key: 'grade', header: '評価', width: 10, kind: 'status' },
    ...computedColumns(ctx),
    { key: 'change', header: '次期の扱い', width: 8, kind: 'text' },
    { key: 'nextName', header: `${label(next, '次期')} 指標名`, width: 26, kind: 'text' },
    { key: 'nextBaseline', header: '新たな基準値', width: 12, kind: 'number' },
    { key: 'nextTarget', header: '新たな目標値', width: 12, kind: 'number' },
    { key: 'department', header: '担当課', width: 12, kind: 'text' },
  ];
  const blankOld: ReportCell[] = Array.from(
    { length: 4 + years.length + computedColumns(ctx).length },
    () => ({
      text: '',
    }),
  );
  const right = (s: Indicator | null, change: string | null): ReportCell[] => [
    textCell(change),
    textCell(s?.name),
    figureCell(s?.baseline, s?.unit),
    figureCell(s?.target, s?.unit),
  ];
  const rows: ReportRow[] = [];
  const matched = new Set<Indicator>();
  for (const ind of old) {
    const left: ReportCell[] = [
      textCell(ind.name),
      figureCell(ind.baseline, ind.unit),
      ...years.map((y) => figureCell(actualOf(ind, y), ind.unit)),
      figureCell(ind.target, ind.unit),
      statusCell(ctx, ind),
      ...computedCells(ctx, ind),
    ];
    const succ = bySuccessor.get(ind.id) ?? [];
    const dept = textCell((ind.departments ?? []).join('・'));
    if (!succ.length) {
      const deleted = next != null ? '削除' : '';
      rows.push({ cells: [...left, ...right(null, deleted), dept] });
      continue;
    }
    succ.forEach((s, k) => {
      matched.add(s);
      const change = CHANGE_LABEL[s.lineage?.change ?? 'continued'] ?? '継続';
      rows.push({
        cells: [
          ...(k === 0 ? left : blankOld),
          ...right(s, change),
          textCell((s.departments ?? ind.departments ?? []).join('・')),
        ],
      });
    });
  }
  const fresh = successors.filter((s) => !matched.has(s));
  if (fresh.length) {
    rows.push({ heading: '次期の新規指標' });
    for (const s of fresh)
      rows.push({ cells: [...blankOld, ...right(s, '新規'), textCell((s.departments ?? []).join('・'))] });
  }
  return {
    kind: 'period-review',
    title: '総合戦略 期間の検証と次期の指標',
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
    ],
  };
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
