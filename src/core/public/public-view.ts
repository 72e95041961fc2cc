import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { StatusScheme } from '../evaluation/status-scheme.ts';
import { roundShares } from '../evaluation/summary.ts';
import type { Figure, Indicator, ObservationState, StrategyDocument } from '../interchange.ts';
import { type StatusInWords, schemeShapes, statusesInWords } from './condition-words.ts';

/** A figure as the public sees it; `correctedAt`: the date of a correction (訂正) after publication. */
export interface PublicFigure {
  fiscalYear: number | null;
  value: number | null;
  raw: string | null;
  unit: string | null;
  state: ObservationState;
  /** For a pending figure: when it is expected (YYYY-MM). */
  date: string | null;
  fromYear: number | null;
  correctedAt: string | null;
}

/** A status as shown: shape and label (never colour alone), and whether the city judged it. */
export interface PublicStatus {
  key: string;
  label: string;
  shape: string;
  color: string;
  /** `override`: the city's judgement of record; `computed` then holds the rule's label. */
  source: 'computed' | 'override';
  computedLabel: string | null;
}

/** Commentary of a published year (①実施状況 ②課題 ③今後の方策, 総括). */
export interface PublicCommentary {
  fiscalYear: number;
  progress: string | null;
  issues: string | null;
  nextSteps: string | null;
  summary: string | null;
  text: string | null;
}

/** A committee opinion of a published year and the city's response (no names). */
export interface PublicOpinion {
  fiscalYear: number;
  targetType: 'measure' | 'indicator';
  targetId: string;
  targetName: string;
  body: string;
  response: string | null;
}

export interface PublicIndicator {
  id: string;
  name: string;
  unit: string | null;
  role: string | null;
  roleLabel: string;
  directionLabel: string | null;
  definition: string | null;
  departments: string[];
  goalId: string | null;
  measureId: string | null;
  projectId: string | null;
  baseline: PublicFigure | null;
  target: PublicFigure | null;
  milestones: PublicFigure[];
  actuals: PublicFigure[];
  status: PublicStatus;
  /** How the status was reached, in plain Japanese (the rule, the inputs, the metrics). */
  explanation: string | null;
  commentary: PublicCommentary[];
  opinions: PublicOpinion[];
}

export interface PublicCount {
  key: string;
  label: string;
  shape: string;
  color: string;
  count: number;
  share: number;
}

export interface PublicMeasure {
  id: string;
  code: string | null;
  name: string;
  summary: string | null;
  depth: number;
  indicatorIds: string[];
  projects: {
    id: string;
    code: string | null;
    name: string;
    summary: string | null;
    indicatorIds: string[];
  }[];
}

export interface PublicGoal {
  /** null: indicators that belong to no basic goal. */
  id: string | null;
  code: string | null;
  name: string;
  description: string | null;
  /** 数値目標 of the goal (indicators owned by the goal itself). */
  numericTargetIds: string[];
  measures: PublicMeasure[];
  /** Every indicator under the goal, numeric targets first. */
  indicatorIds: string[];
  counts: PublicCount[];
  total: number;
}

/** The public view of one strategy: only what was published. */
export interface PublicStrategy {
  municipality: { name: string; code: string | null };
  id: string;
  name: string;
  period: { from: number | null; to: number | null };
  publishedYears: { fiscalYear: number; publishedAt: string }[];
  /** The latest published fiscal year: statuses are judged as of it. */
  asOf: number;
  /** The latest publication or correction date (YYYY-MM-DD). */
  updated: string;
  scheme: { name: string; description: string; statuses: StatusInWords[] };
  overall: { counts: PublicCount[]; total: number };
  goals: PublicGoal[];
  indicators: PublicIndicator[];
  /** Opinions per published year, newest year first. */
  opinionYears: { fiscalYear: number; opinions: PublicOpinion[] }[];
}

/** What the projection is given; every part already limited to the published years. */
export interface PublicViewInput {
  /** The published part of the strategy (see publishedDocument). */
  doc: StrategyDocument;
  /** Effective statuses as of the latest published year (judgements of record applied). */
  evaluation: DocumentEvaluation;
  /** Explanation sentences of the computed statuses, indicator id → text. */
  explanations: ReadonlyMap<string, string | null>;
  scheme: StatusScheme;
  publishedYears: readonly { fiscalYear: number; publishedAt: string }[];
  opinions: readonly {
    fiscalYear: number;
    targetType: 'measure' | 'indicator';
    targetId: string;
    body: string;
    response: string | null;
  }[];
  /** Indicator id → fiscal year → date of a correction after that year's publication. */
  corrections: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

const ROLE_LABELS: Record<string, string> = {
  numeric_target: '数値目標',
  kpi: '重要業績評価指標 (KPI)',
  project_indicator: '事業の指標',
};
const DIRECTION_LABELS: Record<string, string> = {
  increase: '増やすことを目指す',
  decrease: '減らすことを目指す',
  maintain: '維持することを目指す',
};

function toPublicFigure(f: Figure, correctedAt: string | null = null): PublicFigure {
  return {
    fiscalYear: f.fiscalYear,
    value: f.value,
    raw: f.raw ?? null,
    unit: f.unit ?? null,
    state: f.state ?? 'final',
    date: f.date ?? null,
    fromYear: f.fromYear ?? null,
    correctedAt,
  };
}

function countsOf(statuses: readonly PublicStatus[], order: readonly StatusInWords[]): PublicCount[] {
  const n = new Map<string, number>();
  for (const s of statuses) n.set(s.key, (n.get(s.key) ?? 0) + 1);
  const known = order.filter((s) => n.has(s.key));
  const extra = [...n.keys()].filter((k) => !order.some((s) => s.key === k));
  const rows = [
    ...known.map((s) => ({ key: s.key, label: s.label, shape: s.shape, color: s.color })),
    ...extra.map((k) => {
      const s = statuses.find((x) => x.key === k)!;
      return { key: k, label: s.label, shape: s.shape, color: s.color };
    }),
  ];
  const shares = roundShares(rows.map((r) => n.get(r.key) ?? 0));
  return rows.map((r, i) => ({ ...r, count: n.get(r.key) ?? 0, share: shares[i] ?? 0 }));
}

/**
 * The public view of a strategy (公開ページの内容): per basic goal its numeric targets, measures,
 * projects and indicators with the status counts (shape and label), each indicator with its
 * published figures (corrections marked), status and explanation, commentary, and the committee's
 * opinions with the city's responses per published year. Built only from what it is given, which
 * the caller has limited to published years; it adds no person's name (none is given).
 *
 * @example publicStrategyView(input).goals[0].counts // [{ label: '順調', shape: '●', count: 3, … }]
 */
export function publicStrategyView(input: PublicViewInput): PublicStrategy {
  const { doc, evaluation } = input;
  const statuses = statusesInWords(input.scheme);
  const opinions = publicOpinions(input);
  const indicators = publicIndicators(input, opinions);
  const years = [...input.publishedYears].sort((a, b) => a.fiscalYear - b.fiscalYear);
  return {
    municipality: { name: doc.municipality?.name ?? '', code: doc.municipality?.code ?? null },
    id: doc.strategy?.id ?? '',
    name: doc.strategy?.name ?? '',
    period: { from: doc.strategy?.period?.from ?? null, to: doc.strategy?.period?.to ?? null },
    publishedYears: years.map((y) => ({ fiscalYear: y.fiscalYear, publishedAt: y.publishedAt.slice(0, 10) })),
    asOf: years.at(-1)?.fiscalYear ?? evaluation.asOf ?? 0,
    updated: lastUpdate(years, input.corrections),
    scheme: { name: input.scheme.name, description: input.scheme.description, statuses },
    overall: {
      counts: countsOf(
        indicators.map((x) => x.status),
        statuses,
      ),
      total: indicators.length,
    },
    goals: publicGoals(doc, indicators, statuses),
    indicators,
    opinionYears: opinionsByYear(opinions),
  };
}

/** The committee's opinions on measures and indicators of the document, with their names. */
function publicOpinions(input: PublicViewInput): PublicOpinion[] {
  const { doc } = input;
  const measureNames = new Map(doc.measures.map((m) => [m.id, m.name]));
  const indicatorNames = new Map(doc.indicators.map((i) => [i.id, i.name]));
  return input.opinions
    .filter((o) => (o.targetType === 'measure' ? measureNames : indicatorNames).has(o.targetId))
    .map((o) => ({
      fiscalYear: o.fiscalYear,
      targetType: o.targetType,
      targetId: o.targetId,
      targetName: (o.targetType === 'measure' ? measureNames : indicatorNames).get(o.targetId) ?? '',
      body: o.body,
      response: o.response,
    }));
}

/** Every indicator as the public sees it, in the document's order. */
function publicIndicators(input: PublicViewInput, opinions: readonly PublicOpinion[]): PublicIndicator[] {
  const { doc, evaluation } = input;
  const shapes = schemeShapes(input.scheme);
  const measures = new Map(doc.measures.map((m) => [m.id, m]));
  const projects = new Map(doc.projects.map((p) => [p.id, p]));
  return doc.indicators.map((ind: Indicator, i) => {
    const project = ind.owner?.type === 'project' ? projects.get(ind.owner.id) : undefined;
    const measureId = ind.owner?.type === 'measure' ? ind.owner.id : (project?.measureId ?? null);
    const measure = measureId ? measures.get(measureId) : undefined;
    const goalId =
      ind.owner?.type === 'goal' ? ind.owner.id : (measure?.goalId ?? project?.goalIds?.[0] ?? null);
    const effective = evaluation.statusAt(i);
    const corrected = input.corrections.get(ind.id);
    return {
      id: ind.id,
      name: ind.name,
      unit: ind.unit ?? null,
      role: ind.role ?? null,
      roleLabel: ROLE_LABELS[ind.role ?? ''] ?? '指標',
      directionLabel: ind.direction ? (DIRECTION_LABELS[ind.direction] ?? null) : null,
      definition: ind.definition ?? null,
      departments: [...(ind.departments ?? [])],
      goalId,
      measureId: measure?.id ?? null,
      projectId: project?.id ?? null,
      baseline: ind.baseline ? toPublicFigure(ind.baseline) : null,
      target: ind.target ? toPublicFigure(ind.target) : null,
      milestones: (ind.milestones ?? []).map((m) => toPublicFigure(m)),
      actuals: [...ind.actuals]
        .sort((a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0))
        .map((a) => toPublicFigure(a, a.fiscalYear != null ? (corrected?.get(a.fiscalYear) ?? null) : null)),
      status: {
        key: effective.key,
        label: effective.label,
        shape: shapes.get(effective.key) ?? '・',
        color: effective.color,
        source: effective.source,
        computedLabel: effective.source === 'override' ? evaluation.computedAt(i).label : null,
      },
      explanation: input.explanations.get(ind.id) ?? null,
      commentary: publicCommentary(ind),
      opinions: opinions.filter((o) => o.targetType === 'indicator' && o.targetId === ind.id),
    };
  });
}

/** The commentary of the years an indicator has, newest first. */
function publicCommentary(ind: Indicator): PublicCommentary[] {
  return (ind.commentary ?? [])
    .filter((c) => c.fiscalYear != null)
    .map((c) => ({
      fiscalYear: c.fiscalYear as number,
      progress: c.progress ?? null,
      issues: c.issues ?? null,
      nextSteps: c.nextSteps ?? null,
      summary: c.summary ?? null,
      text: c.text ?? null,
    }))
    .sort((a, b) => b.fiscalYear - a.fiscalYear);
}

/**
 * The basic goals in the document's order, then (when some indicator belongs to none) the group
 * of indicators without a goal: each with its numeric targets, measures, projects and counts.
 */
function publicGoals(
  doc: StrategyDocument,
  indicators: readonly PublicIndicator[],
  statuses: readonly StatusInWords[],
): PublicGoal[] {
  const byId = new Map(indicators.map((x) => [x.id, x]));
  const goalIds: (string | null)[] = [...doc.goals.map((g) => g.id)];
  if (indicators.some((x) => x.goalId == null || !doc.goals.some((g) => g.id === x.goalId)))
    goalIds.push(null);
  return goalIds.map((gid) => {
    const g = gid ? doc.goals.find((x) => x.id === gid) : undefined;
    const known = (x: PublicIndicator) =>
      gid ? x.goalId === gid : x.goalId == null || !doc.goals.some((y) => y.id === x.goalId);
    const mine = indicators.filter(known);
    const numericTargetIds = mine.filter((x) => x.measureId == null && x.projectId == null).map((x) => x.id);
    const ordered = [
      ...numericTargetIds,
      ...mine.map((x) => x.id).filter((id) => !numericTargetIds.includes(id)),
    ];
    return {
      id: gid,
      code: g?.code ?? null,
      name: g?.name ?? '基本目標に属さない指標',
      description: g?.description ?? null,
      numericTargetIds,
      measures: goalMeasures(doc, gid, mine),
      indicatorIds: ordered,
      counts: countsOf(
        ordered.map((id) => byId.get(id)!.status),
        statuses,
      ),
      total: ordered.length,
    };
  });
}

/** The measures of a goal (`gid` null: of no known goal), with their depth, projects and indicators. */
function goalMeasures(
  doc: StrategyDocument,
  gid: string | null,
  mine: readonly PublicIndicator[],
): PublicMeasure[] {
  const measures = new Map(doc.measures.map((m) => [m.id, m]));
  const depthOf = (id: string): number => {
    let d = 0;
    let m = measures.get(id);
    while (m?.parentId && d < 10) {
      m = measures.get(m.parentId);
      d++;
    }
    return d;
  };
  return doc.measures
    .filter((m) => (gid ? m.goalId === gid : !m.goalId || !doc.goals.some((y) => y.id === m.goalId)))
    .map((m) => ({
      id: m.id,
      code: m.code ?? null,
      name: m.name,
      summary: m.summary ?? null,
      depth: depthOf(m.id),
      indicatorIds: mine.filter((x) => x.measureId === m.id && x.projectId == null).map((x) => x.id),
      projects: doc.projects
        .filter((p) => p.measureId === m.id)
        .map((p) => ({
          id: p.id,
          code: p.code ?? null,
          name: p.name,
          summary: p.summary ?? null,
          indicatorIds: mine.filter((x) => x.projectId === p.id).map((x) => x.id),
        })),
    }));
}

/** The latest publication or correction date (YYYY-MM-DD), or '' when none. */
function lastUpdate(
  years: readonly { publishedAt: string }[],
  corrections: PublicViewInput['corrections'],
): string {
  let updated = years.reduce((d, y) => (y.publishedAt > d ? y.publishedAt : d), '');
  for (const m of corrections.values()) for (const d of m.values()) if (d > updated) updated = d;
  return updated.slice(0, 10);
}

/** The opinions grouped per fiscal year, newest year first. */
function opinionsByYear(opinions: readonly PublicOpinion[]): PublicStrategy['opinionYears'] {
  return [...new Set(opinions.map((o) => o.fiscalYear))]
    .sort((a, b) => b - a)
    .map((fiscalYear) => ({ fiscalYear, opinions: opinions.filter((o) => o.fiscalYear === fiscalYear) }));
}
