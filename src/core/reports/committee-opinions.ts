import { indicatorDepartments } from '../answerable-departments.ts';
import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { Indicator, Measure, StrategyDocument } from '../interchange.ts';
import { reportContext, statusCell } from './report-context.ts';
import {
  formatJapaneseDate,
  type ReportCell,
  type ReportColumn,
  type ReportModel,
  type ReportOptions,
  type ReportRow,
  yearHeader,
} from './report-model.ts';

/**
 * A committee opinion (有識者会議の意見) as the document prints it: what it is about, the text,
 * and the department's response (対応方針) when written. Names of people are not printed.
 *
 * @example { targetType: 'measure', targetId: 'm1', fiscalYear: 2024, body: '…', response: null, respondedAt: null }
 */
export interface CommitteeOpinion {
  targetType: 'measure' | 'indicator';
  targetId: string;
  fiscalYear: number;
  body: string;
  response: string | null;
  /** ISO date-time of the response, when there is one. */
  respondedAt: string | null;
}

const COLUMNS: ReportColumn[] = [
  { key: 'kind', header: '区分', width: 8, kind: 'text' },
  { key: 'item', header: '施策・指標', width: 30, kind: 'text' },
  { key: 'status', header: '評価', width: 10, kind: 'status' },
  { key: 'departments', header: '担当課', width: 16, kind: 'text' },
  { key: 'opinion', header: '意見', width: 48, kind: 'long' },
  { key: 'response', header: '対応方針', width: 48, kind: 'long' },
  { key: 'state', header: '状況', width: 10, kind: 'text' },
];

/**
 * 有識者会議意見・対応方針一覧: the committee's opinions of one fiscal year on measures and
 * indicators, in the order of the strategy (basic goal headings, each measure followed by its
 * indicators), with the indicator's status, the departments answering, the response and whether
 * it is answered. Items without an opinion are left out; opinions on items no longer in the
 * strategy are listed last. The date is an argument (no clock).
 *
 * @example
 * const m = committeeOpinions(doc, evaluateDocument(doc), opinions, { date: '2025-06-01', fiscalYear: 2024 })
 * m.sections[0].tables[0].rows // [{ heading: '1 しごとをつくる' }, { cells: [{ text: '施策' }, …] }, …]
 */
export function committeeOpinions(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  opinions: readonly CommitteeOpinion[],
  options: ReportOptions,
): ReportModel {
  const ctx = reportContext(doc, evaluation, options);
  const fy = ctx.fiscalYear;
  const ofYear = opinions.filter((o) => fy == null || o.fiscalYear === fy);
  const byTarget = opinionsByTarget(ofYear);
  const depts = indicatorDepartments(doc);
  const measureDepartments = (m: Measure): string[] => {
    const names = new Set<string>();
    for (const i of doc.indicators)
      if (i.owner?.type === 'measure' && i.owner.id === m.id)
        for (const d of depts.get(i.id) ?? []) names.add(d);
    for (const p of doc.projects) if (p.measureId === m.id) for (const d of p.departments ?? []) names.add(d);
    return [...names];
  };
  const rows: ReportRow[] = [];
  const used = new Set<string>();
  const lines = (kind: string, name: string, status: ReportCell, departments: string[], key: string) => {
    for (const o of byTarget.get(key) ?? []) {
      used.add(key);
      const answered = !!o.response?.trim();
      rows.push({
        cells: [
          { text: kind },
          { text: name },
          status,
          { text: departments.join('、') },
          { text: o.body },
          {
            text: answered
              ? `${o.response}${o.respondedAt ? `（${formatJapaneseDate(o.respondedAt.slice(0, 10))}）` : ''}`
              : '',
          },
          { text: answered ? '回答済み' : '未回答' },
        ],
      });
    }
  };
  const indicatorLine = (i: Indicator) =>
    lines('指標', i.name, statusCell(ctx, i), depts.get(i.id) ?? [], `indicator:${i.id}`);
  const projectsOf = new Map<string, string[]>();
  for (const p of doc.projects)
    if (p.measureId) projectsOf.set(p.measureId, [...(projectsOf.get(p.measureId) ?? []), p.id]);
  const measureIndicators = (m: Measure) =>
    doc.indicators.filter(
      (i) =>
        (i.owner?.type === 'measure' && i.owner.id === m.id) ||
        (i.owner?.type === 'project' && (projectsOf.get(m.id) ?? []).includes(i.owner.id)),
    );
  const walkMeasure = (m: Measure) => {
    const code = [m.code, m.name].filter(Boolean).join(' ');
    lines('施策', code, { text: '' }, measureDepartments(m), `measure:${m.id}`);
    for (const i of measureIndicators(m)) indicatorLine(i);
    for (const sub of doc.measures.filter((x) => x.parentId === m.id)) walkMeasure(sub);
  };
  for (const g of doc.goals) {
    const start = rows.length;
    for (const i of doc.indicators.filter((x) => x.owner?.type === 'goal' && x.owner.id === g.id))
      indicatorLine(i);
    for (const m of doc.measures.filter((x) => x.goalId === g.id && !x.parentId)) walkMeasure(m);
    if (rows.length > start) rows.splice(start, 0, { heading: [g.code, g.name].filter(Boolean).join(' ') });
  }
  // Opinions on items outside the goal tree (unassigned, or no longer in the strategy), once per item.
  const rest = [...new Set(ofYear.map((o) => `${o.targetType}:${o.targetId}`))].filter((k) => !used.has(k));
  if (rest.length) rows.push({ heading: 'その他' });
  for (const key of rest) {
    const id = key.slice(key.indexOf(':') + 1);
    const i = key.startsWith('indicator:') ? doc.indicators.find((x) => x.id === id) : undefined;
    const m = key.startsWith('measure:') ? ctx.measures.get(id) : undefined;
    if (i) indicatorLine(i);
    else if (m) lines('施策', m.name, { text: '' }, measureDepartments(m), key);
    else lines(key.startsWith('measure:') ? '施策' : '指標', id, { text: '' }, [], key);
  }
  const answered = ofYear.filter((o) => o.response?.trim()).length;
  return {
    kind: 'committee-opinions',
    title: '有識者会議意見・対応方針一覧',
    titleEn: 'Committee opinions and responses',
    municipality: ctx.municipality,
    date: ctx.date,
    dateText: ctx.dateText,
    fiscalYear: fy,
    paper: options.paper ?? 'A4',
    sections: [
      {
        id: 'opinions',
        title: `意見 ${ofYear.length}件（回答済み ${answered}件・未回答 ${ofYear.length - answered}件）`,
        sheetName: '意見・対応方針',
        tables: [{ id: 'opinions', title: null, columns: COLUMNS, rows }],
      },
    ],
  };
}

/**
 * The opinions on one item as one cell's text, year by year, each with its response when there is
 * one (`令和5年度: 意見… → 対応: …`); for documents that show them beside their item.
 *
 * @example opinionText([{ fiscalYear: 2023, body: '周知を', response: '広報する', … }]) // '令和5年度: 周知を → 対応: 広報する'
 */
export function opinionText(opinions: readonly CommitteeOpinion[]): string {
  return [...opinions]
    .sort((a, b) => a.fiscalYear - b.fiscalYear)
    .map(
      (o) =>
        `${yearHeader(o.fiscalYear)}: ${o.body}${o.response?.trim() ? ` → 対応: ${o.response.trim()}` : ''}`,
    )
    .join('\n');
}

/** Opinions by `targetType:targetId`. */
export function opinionsByTarget(opinions: readonly CommitteeOpinion[]): Map<string, CommitteeOpinion[]> {
  const out = new Map<string, CommitteeOpinion[]>();
  for (const o of opinions) {
    const k = `${o.targetType}:${o.targetId}`;
    out.set(k, [...(out.get(k) ?? []), o]);
  }
  return out;
}
