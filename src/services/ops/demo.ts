import type { Kysely } from 'kysely';
import { toFigure } from '../../core/figure.ts';
import type { Figure, Indicator, StrategyDocument } from '../../core/interchange.ts';
import { seededRandom } from '../../core/seeded-random.ts';
import { listIndicatorRows } from '../../store/indicators.ts';
import { setPlanningDivisionIfUnset } from '../../store/municipalities.ts';
import { insertOpinion, opinionRow } from '../../store/opinions.ts';
import type { Database } from '../../store/schema.ts';
import { loadStrategyStructure } from '../../store/strategies.ts';
import { nowIso, type RequestContext } from '../context.ts';
import type { Outcome } from '../errors.ts';
import { type ImportSummary, importDocument } from '../import/import-document.ts';
import { publishFiscalYear } from '../reports/publication.ts';

/**
 * The demo municipality: 架空市「みどり野市」 — a FICTIONAL city (no such municipality exists), its
 * 第2期 strategy FY2020–FY2024 with 4 basic goals, 12 measures, 20 projects and 40 indicators with
 * five years of figures written as departments write them (`1,563件`, `95.6%`, `△12人`), some
 * preliminary (速報値), pending (公表予定) or not measured (未把握). Deterministic: the same
 * document every time.
 */
export const DEMO_MUNICIPALITY = 'みどり野市（架空）';

interface Template {
  name: string;
  unit: string;
  direction: 'increase' | 'decrease' | 'maintain';
  base: number;
  /** Yearly change as a fraction of base. */
  trend: number;
  decimals?: number;
  percent?: boolean;
  signed?: boolean;
  cumulative?: boolean;
  dept: string;
}

const T: Template[] = [
  {
    name: '市内事業所の新規求人数',
    unit: '件',
    direction: 'increase',
    base: 1563,
    trend: 0.012,
    dept: '商工観光課',
  },
  {
    name: '創業支援による創業件数',
    unit: '件',
    direction: 'increase',
    base: 12,
    trend: 0.15,
    cumulative: true,
    dept: '商工観光課',
  },
  { name: '観光入込客数', unit: '千人', direction: 'increase', base: 608, trend: 0.03, dept: '商工観光課' },
  {
    name: '農産物直売所の売上額',
    unit: '万円',
    direction: 'increase',
    base: 18500,
    trend: 0.02,
    dept: '農林課',
  },
  {
    name: '新規就農者数',
    unit: '人',
    direction: 'increase',
    base: 5,
    trend: 0.1,
    cumulative: true,
    dept: '農林課',
  },
  {
    name: '社会増減数',
    unit: '人',
    direction: 'increase',
    base: -236,
    trend: 0.12,
    signed: true,
    dept: '企画政策課',
  },
  { name: '移住相談件数', unit: '件', direction: 'increase', base: 142, trend: 0.08, dept: '企画政策課' },
  {
    name: 'ふるさと納税寄附件数',
    unit: '件',
    direction: 'increase',
    base: 8420,
    trend: 0.1,
    dept: '企画政策課',
  },
  {
    name: '合計特殊出生率',
    unit: '',
    direction: 'increase',
    base: 1.42,
    trend: 0.005,
    decimals: 2,
    dept: '子育て支援課',
  },
  { name: '待機児童数', unit: '人', direction: 'decrease', base: 14, trend: -0.25, dept: '子育て支援課' },
  {
    name: '子育て環境に満足している市民の割合',
    unit: '%',
    direction: 'increase',
    base: 62.4,
    trend: 0.015,
    decimals: 1,
    percent: true,
    dept: '子育て支援課',
  },
  {
    name: '婚活イベントでの成婚数',
    unit: '組',
    direction: 'increase',
    base: 3,
    trend: 0.2,
    cumulative: true,
    dept: '市民協働課',
  },
  {
    name: '住み続けたいと思う市民の割合',
    unit: '%',
    direction: 'maintain',
    base: 78.1,
    trend: 0.002,
    decimals: 1,
    percent: true,
    dept: '企画政策課',
  },
  {
    name: '自主防災組織の活動率',
    unit: '%',
    direction: 'increase',
    base: 71.0,
    trend: 0.02,
    decimals: 1,
    percent: true,
    dept: '危機管理課',
  },
  {
    name: '1人1日あたりのごみ排出量',
    unit: 'g/人・日',
    direction: 'decrease',
    base: 874,
    trend: -0.012,
    dept: '環境課',
  },
  {
    name: '公共交通の年間利用者数',
    unit: '人',
    direction: 'increase',
    base: 183650,
    trend: -0.01,
    dept: '都市計画課',
  },
  {
    name: '特定健診の受診率',
    unit: '%',
    direction: 'increase',
    base: 41.3,
    trend: 0.02,
    decimals: 1,
    percent: true,
    dept: '健康推進課',
  },
  {
    name: '地域活動に参加した市民の割合',
    unit: '%',
    direction: 'increase',
    base: 35.2,
    trend: 0.01,
    decimals: 1,
    percent: true,
    dept: '市民協働課',
  },
  { name: 'CO2排出量', unit: 't-CO2', direction: 'decrease', base: 412000, trend: -0.02, dept: '環境課' },
  {
    name: '空き家バンクの成約件数',
    unit: '件',
    direction: 'increase',
    base: 8,
    trend: 0.12,
    cumulative: true,
    dept: '都市計画課',
  },
];

const GOALS = [
  'しごとをつくり、安心して働けるまちにする',
  '新しいひとの流れをつくる',
  '結婚・出産・子育ての希望をかなえる',
  '安心して暮らせる魅力的な地域をつくる',
];

const MEASURES = [
  ['地域産業の振興', '創業・事業承継の支援', '農林業の担い手確保'],
  ['移住・定住の促進', '関係人口の創出', '観光交流の推進'],
  ['結婚の希望をかなえる支援', '妊娠・出産・子育ての切れ目ない支援', '教育環境の充実'],
  ['安全・安心なまちづくり', '持続可能な地域交通', '健康づくりと地域共生'],
];

const PROJECTS = [
  '企業立地促進事業',
  '創業塾開催事業',
  '事業承継相談事業',
  '新規就農者支援事業',
  'スマート農業導入支援事業',
  '移住相談窓口運営事業',
  'お試し移住住宅事業',
  'ふるさと納税推進事業',
  'ワーケーション誘致事業',
  '観光プロモーション事業',
  '婚活支援事業',
  '出産祝い金支給事業',
  '子育て支援センター運営事業',
  'ICT教育推進事業',
  '自主防災組織育成事業',
  '地域公共交通再編事業',
  'デマンド交通運行事業',
  '健康ポイント事業',
  'ごみ減量推進事業',
  '空き家バンク運営事業',
];

/** Writes a number as a department would: `1,563件`, `95.6%`, `△12人`, `1.42`. */
function write(v: number, t: Template): string {
  const digits = t.decimals ?? 0;
  const abs = Math.abs(v).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${v < 0 ? '△' : ''}${abs}${t.unit}`;
}

const FIRST_YEAR = 2020;
const LAST_YEAR = 2024;

function figure(raw: string, year: number): Figure {
  return toFigure(raw, { year, basis: 'fiscal' });
}

function indicatorOf(
  i: number,
  owner: Indicator['owner'],
  role: Indicator['role'],
  rand: () => number,
): Indicator {
  const t = T[i % T.length]!;
  const variant = Math.floor(i / T.length);
  const name =
    variant === 0 ? t.name : `${t.name}（${['市街地', '中山間地域'][variant - 1] ?? `区分${variant}`}）`;
  const scale = variant === 0 ? 1 : 0.4 + 0.2 * variant;
  const round = (x: number) => Number(x.toFixed(t.decimals ?? 0));
  const base = round(t.base * scale);
  const step = Math.abs(t.base * scale) * t.trend;
  const target = round(
    t.direction === 'maintain'
      ? base
      : t.signed
        ? Math.min(0, base + step * 8)
        : base + step * 6 * (t.cumulative ? 4 : 1),
  );
  const actuals: Figure[] = [];
  let running = 0;
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    const k = y - FIRST_YEAR + 1;
    const noise = (rand() - 0.5) * Math.abs(step) * 1.6;
    // A pandemic dip in FY2020–2021 for the flows that depend on visits and events.
    const dip =
      (y === 2020 || y === 2021) && /観光|イベント|交通|相談/.test(t.name) ? -Math.abs(base) * 0.18 : 0;
    let raw: string;
    if (t.cumulative) {
      running += Math.max(0, Math.round(Math.abs(base) / 3 + noise + k * 0.3));
      raw = `${write(running, t)}(R2～R${y - 2018}の累計)`;
    } else raw = write(round(base + step * k + noise + dip), t);
    // Some cells as municipalities really leave them.
    if (y === LAST_YEAR && i % 7 === 3) raw = '令和7年9月 公表予定';
    else if (y === LAST_YEAR && i % 9 === 5) raw = `(速報値) ${raw}`;
    else if (y === 2022 && i % 13 === 6) raw = '未把握（調査休止）';
    else if (y === 2021 && i % 17 === 8) raw = '-';
    actuals.push(figure(raw, y));
  }
  return {
    id: `k${i + 1}`,
    name,
    unit: t.unit || null,
    role,
    owner,
    direction: t.direction,
    aggregation: t.cumulative ? 'cumulative' : t.percent ? 'rate' : 'annual',
    ...(t.direction === 'maintain' ? { tolerance: 3 } : {}),
    baseline: figure(`${t.cumulative ? write(0, t) : write(base, t)} (R1)`, 2019),
    target: figure(
      t.cumulative ? `${write(target, t)}(R2～R6の累計)` : `${write(target, t)} (R6)`,
      LAST_YEAR,
    ),
    actuals,
    departments: [t.dept],
    definition: `${name}（架空のデモデータ）`,
  };
}

/** The demo strategy document (fictional city, deterministic). */
export function demoDocument(): StrategyDocument {
  const rand = seededRandom(20240401);
  const goals = GOALS.map((name, g) => ({ id: `g${g + 1}`, code: String(g + 1), name }));
  const measures = MEASURES.flatMap((list, g) =>
    list.map((name, m) => ({
      id: `m${g + 1}-${m + 1}`,
      goalId: `g${g + 1}`,
      code: `${g + 1}-(${m + 1})`,
      name,
    })),
  );
  const projects = PROJECTS.map((name, p) => {
    const measure = measures[Math.floor((p * measures.length) / PROJECTS.length)]!;
    return {
      id: `p${p + 1}`,
      code: `${measure.code.replace(/[()-]/g, '')}${p + 1}`,
      name,
      measureId: measure.id,
      goalIds: [measure.goalId],
      departments: [T[p % T.length]!.dept],
      period: { from: FIRST_YEAR, to: LAST_YEAR, raw: 'R2～R6' },
      priority: p % 4 === 0,
      sdgs: [((p * 5) % 17) + 1],
      tags: [{ set: '新たな視点', tag: ['デジタル', 'グリーン', '多様な人材'][p % 3]! }],
    };
  });
  const indicators: Indicator[] = [];
  let i = 0;
  for (const g of goals)
    for (let k = 0; k < 2; k++)
      indicators.push(indicatorOf(i++, { type: 'goal', id: g.id }, 'numeric_target', rand));
  for (const m of measures)
    for (let k = 0; k < 2; k++) indicators.push(indicatorOf(i++, { type: 'measure', id: m.id }, 'kpi', rand));
  for (let p = 0; p < 8; p++)
    indicators.push(
      indicatorOf(i++, { type: 'project', id: projects[p * 2]!.id }, 'project_indicator', rand),
    );
  indicators[2]!.commentary = [
    {
      fiscalYear: 2023,
      progress: '説明会と個別相談を実施した（架空）',
      issues: '参加者が固定化している',
      nextSteps: 'オンライン相談を追加する',
    },
  ];
  return {
    format: 'sousei-strategy',
    version: 1,
    municipality: { name: DEMO_MUNICIPALITY, code: null },
    strategy: {
      id: 'demo-2',
      name: '第2期 みどり野市まち・ひと・しごと創生総合戦略（架空）',
      generation: 2,
      period: { from: FIRST_YEAR, to: LAST_YEAR },
    },
    goals,
    measures,
    projects,
    tagSets: [
      {
        id: 'ts-view',
        name: '新たな視点',
        tags: [
          { id: 'digital', name: 'デジタル' },
          { id: 'green', name: 'グリーン' },
          { id: 'people', name: '多様な人材' },
        ],
      },
    ],
    indicators,
    unmapped: [],
  };
}

/** Fiscal years of the demo that are published (公表): every year but the last, still under review. */
export const DEMO_PUBLISHED_YEARS = [2020, 2021, 2022, 2023] as const;

/**
 * Committee opinions of the demo (fictional), with the city's responses: on an indicator and on a
 * measure, of published years (the year under review is left to the committee pages' users).
 */
export const DEMO_OPINIONS = [
  {
    indicator: 'k3',
    fiscalYear: 2023,
    body: '相談件数は伸びているが、創業に至った件数も併せて示してほしい（架空の意見）',
    response: '次年度から創業件数を併せて報告します（架空の対応方針）',
  },
  {
    measure: 'm1-1',
    fiscalYear: 2022,
    body: '事業者の声を施策に反映する仕組みを検討されたい（架空の意見）',
    response: '商工団体との意見交換会を年2回開催します（架空の対応方針）',
  },
] as const;

/** What the demo city calls its planning division (企画担当課). */
export const DEMO_PLANNING_DIVISION = '企画政策課';

/**
 * Loads the demo municipality (one transaction for the strategy), then its committee opinions and
 * the publication of its past fiscal years (DEMO_PUBLISHED_YEARS), so that a new server shows a
 * public site at once.
 */
export async function loadDemo(db: Kysely<Database>, ctx: RequestContext): Promise<Outcome<ImportSummary>> {
  const r = await importDocument(db, ctx, demoDocument(), { source: 'demo' });
  if (!r.ok) return r;
  const strategyId = r.value.strategyId;
  const now = nowIso(ctx);
  // The demo city calls its planning division 企画政策課 (the messages departments read say so).
  await setPlanningDivisionIfUnset(db, r.value.municipalityId, DEMO_PLANNING_DIVISION, now);
  const refs = new Map<string, string>();
  for (const row of await listIndicatorRows(db, strategyId)) if (row.ref) refs.set(row.ref, row.id);
  const structure = await loadStrategyStructure(db, strategyId);
  for (const m of structure?.measures ?? []) if (m.ref) refs.set(m.ref, m.id);
  for (const o of DEMO_OPINIONS) {
    const targetId = refs.get('indicator' in o ? o.indicator : o.measure);
    if (!targetId) continue;
    const row = opinionRow(
      {
        strategyId,
        targetType: 'indicator' in o ? 'indicator' : 'measure',
        targetId,
        fiscalYear: o.fiscalYear,
        body: o.body,
      },
      { id: null, name: 'デモ有識者（架空）' },
      now,
    );
    if (o.response)
      Object.assign(row, {
        response: o.response,
        responded_by_name: 'デモ担当課（架空）',
        responded_at: now,
      });
    await insertOpinion(db, row);
  }
  for (const year of DEMO_PUBLISHED_YEARS) {
    const p = await publishFiscalYear(db, ctx, strategyId, year, { note: 'デモデータ' });
    if (!p.ok) return p;
  }
  return r;
}
