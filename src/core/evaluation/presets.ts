import { type StatusScheme, type StatusSchemeInput, statusSchemeSchema } from './status-scheme.ts';

const GREY = '#6b6b6b';
const noData = { noData: true } as const;
const achieved = { achieved: true } as const;

/**
 * 標準: 目標達成 / 順調 (pace ≥ 100%) / 概ね順調 (pace ≥ 80%) / 遅れ / 評価不能 (no data yet, or
 * metrics that cannot be computed, e.g. no baseline).
 */
const standard: StatusSchemeInput = {
  id: 'standard',
  name: '標準',
  nameEn: 'Standard',
  description:
    '目標値に到達していれば目標達成。未到達なら、基準値から目標値への直線 (経過期間に比例) に対する進捗 (pace) で判定: 100%以上 順調、80%以上 概ね順調、それ未満 遅れ。実績がなければ評価不能。',
  order: ['achieved', 'on-track', 'mostly-on-track', 'behind'],
  rules: [
    { when: noData, key: 'unrated', label: '評価不能', labelEn: 'Not rated (no data yet)', color: GREY },
    { when: achieved, key: 'achieved', label: '目標達成', labelEn: 'Target achieved', color: '#2166ac' },
    {
      when: { metric: 'pace', op: '>=', value: 1 },
      key: 'on-track',
      label: '順調',
      labelEn: 'On track',
      color: '#1b7837',
    },
    {
      when: { metric: 'pace', op: '>=', value: 0.8 },
      key: 'mostly-on-track',
      label: '概ね順調',
      labelEn: 'Mostly on track',
      color: '#8c6d00',
    },
    {
      when: { metric: 'pace', op: '<', value: 0.8 },
      key: 'behind',
      label: '遅れ',
      labelEn: 'Behind',
      color: '#b2182b',
    },
  ],
  fallback: { key: 'unrated', label: '評価不能', labelEn: 'Not rated (no data yet)', color: GREY },
};

/** 達成率型 (長野県型): 順調 = at or past the target; おおむね順調 = achievement ≥ 80%; 努力を要する < 80%. */
const achievementRate: StatusSchemeInput = {
  id: 'achievement-rate',
  name: '達成率型',
  nameEn: 'Achievement rate (Nagano type)',
  description:
    '長野県型。目標値に到達していれば順調、基準値から目標値までの達成度が80%以上ならおおむね順調、80%未満なら努力を要する。経過期間は考慮しない。',
  order: ['on-target', 'nearly', 'needs-effort'],
  rules: [
    { when: noData, key: 'unrated', label: '評価不能', labelEn: 'Not rated (no data yet)', color: GREY },
    { when: achieved, key: 'on-target', label: '順調', labelEn: 'At or past target', color: '#1b7837' },
    {
      when: { metric: 'achievement', op: '>=', value: 0.8 },
      key: 'nearly',
      label: 'おおむね順調',
      labelEn: 'Achievement ≥ 80%',
      color: '#8c6d00',
    },
    {
      when: { metric: 'achievement', op: '<', value: 0.8 },
      key: 'needs-effort',
      label: '努力を要する',
      labelEn: 'Achievement < 80%',
      color: '#b2182b',
    },
  ],
  fallback: { key: 'unrated', label: '評価不能', labelEn: 'Not rated (no data yet)', color: GREY },
};

/** ペース型 (多摩市型): 着実 ≥ 100% of the pace; 概ね 60–100%; 改善必要 < 60%. */
const paceType: StatusSchemeInput = {
  id: 'pace',
  name: 'ペース型',
  nameEn: 'Pace (Tama type)',
  description:
    '多摩市型。経過期間に比例した見込みに対する進捗 (pace) で判定: 100%以上 (または目標到達) 着実、60%以上100%未満 概ね、60%未満 改善必要。',
  order: ['steady', 'roughly', 'needs-improvement'],
  rules: [
    { when: noData, key: 'unrated', label: '評価不能', labelEn: 'Not rated (no data yet)', color: GREY },
    {
      when: { any: [achieved, { metric: 'pace', op: '>=', value: 1 }] },
      key: 'steady',
      label: '着実',
      labelEn: 'Steady (pace ≥ 100%)',
      color: '#1b7837',
    },
    {
      when: { metric: 'pace', op: '>=', value: 0.6 },
      key: 'roughly',
      label: '概ね',
      labelEn: 'Roughly (pace 60–100%)',
      color: '#8c6d00',
    },
    {
      when: { metric: 'pace', op: '<', value: 0.6 },
      key: 'needs-improvement',
      label: '改善必要',
      labelEn: 'Needs improvement (pace < 60%)',
      color: '#b2182b',
    },
  ],
  fallback: { key: 'unrated', label: '評価不能', labelEn: 'Not rated (no data yet)', color: GREY },
};

/** 国・成長戦略型: A = progress ≥ share of the period elapsed; B = below; N = no data yet. */
const national: StatusSchemeInput = {
  id: 'national',
  name: '国・成長戦略型',
  nameEn: 'National growth strategy type',
  description:
    '国の成長戦略のKPI評価に倣う。目標までの進捗 (達成度) が経過期間の割合以上ならA、下回ればB、実績がまだなければN。',
  order: ['A', 'B'],
  rules: [
    { when: noData, key: 'N', label: 'N', labelEn: 'N: no data yet', color: GREY },
    { when: achieved, key: 'A', label: 'A', labelEn: 'A: progress ≥ time elapsed', color: '#1b7837' },
    {
      when: { metric: 'achievement', op: '>=', ref: 'elapsedShare' },
      key: 'A',
      label: 'A',
      labelEn: 'A: progress ≥ time elapsed',
      color: '#1b7837',
    },
    {
      when: { metric: 'achievement', op: '<', ref: 'elapsedShare' },
      key: 'B',
      label: 'B',
      labelEn: 'B: progress < time elapsed',
      color: '#b2182b',
    },
  ],
  fallback: { key: 'N', label: 'N', labelEn: 'N: no data yet', color: GREY },
};

/**
 * SDG型 (Statistics Canada / Open SDG progress measure): the ratio of the observed compound
 * annual growth rate to the one required to reach the target in time (growth-rate.ts):
 * 目標達成 / ≥ 0.95 大きく前進 / ≥ 0.60 一定の前進 / ≥ 0 限定的な前進 / < 0 悪化. For decrease
 * indicators the ratio is taken with d = −1; where CAGR is undefined (zero or mixed signs) linear
 * rates are used. Maintain indicators use the band score.
 */
const sdg: StatusSchemeInput = {
  id: 'sdg',
  name: 'SDG型',
  nameEn: 'SDG progress (CAGR, Open SDG)',
  description:
    'カナダ統計局・Open SDG の進捗評価。実際の年平均成長率 (CAGR) と、目標年度に目標値へ届くのに必要な年平均成長率の比で判定: 0.95以上 大きく前進、0.60以上 一定の前進、0以上 限定的な前進、0未満 悪化。0や符号の異なる値を含みCAGRが定義できない場合は直線的な年平均変化量の比を用いる。',
  order: ['target-achieved', 'substantial', 'moderate', 'limited', 'deterioration'],
  rules: [
    { when: noData, key: 'unrated', label: '評価不能', labelEn: 'Insufficient data', color: GREY },
    {
      when: achieved,
      key: 'target-achieved',
      label: '目標達成',
      labelEn: 'Target achieved',
      color: '#2166ac',
    },
    {
      when: { metric: 'cagrRatio', op: '>=', value: 0.95 },
      key: 'substantial',
      label: '大きく前進',
      labelEn: 'Substantial progress / on track',
      color: '#1b7837',
    },
    {
      when: { metric: 'cagrRatio', op: '>=', value: 0.6 },
      key: 'moderate',
      label: '一定の前進',
      labelEn: 'Moderate progress',
      color: '#8c6d00',
    },
    {
      when: { metric: 'cagrRatio', op: '>=', value: 0 },
      key: 'limited',
      label: '限定的な前進',
      labelEn: 'Limited progress',
      color: '#d95f02',
    },
    {
      when: { metric: 'cagrRatio', op: '<', value: 0 },
      key: 'deterioration',
      label: '悪化',
      labelEn: 'Deterioration',
      color: '#b2182b',
    },
  ],
  fallback: { key: 'unrated', label: '評価不能', labelEn: 'Insufficient data', color: GREY },
};

/**
 * An example of letter grades as a municipality defines them (A+ / A- / B / C / D), by pace
 * thresholds: A+ target achieved; A- pace ≥ 100%; B ≥ 70%; C ≥ 40%; D below. Copy and edit it.
 */
const letter: StatusSchemeInput = {
  id: 'letter',
  name: '段階評価 (A+〜D)',
  nameEn: 'Letter grades (example)',
  description:
    '自治体が定める段階評価の例。目標達成 A+、進捗 (pace) 100%以上 A-、70%以上 B、40%以上 C、40%未満 D、実績なし N。閾値はデータとして変更できる。',
  order: ['A+', 'A-', 'B', 'C', 'D'],
  rules: [
    { when: noData, key: 'N', label: 'N', labelEn: 'N: no data yet', color: GREY },
    { when: achieved, key: 'A+', label: 'A+', labelEn: 'A+: target achieved', color: '#2166ac' },
    {
      when: { metric: 'pace', op: '>=', value: 1 },
      key: 'A-',
      label: 'A-',
      labelEn: 'A-: on track',
      color: '#1b7837',
    },
    { when: { metric: 'pace', op: '>=', value: 0.7 }, key: 'B', label: 'B', labelEn: 'B', color: '#8c6d00' },
    { when: { metric: 'pace', op: '>=', value: 0.4 }, key: 'C', label: 'C', labelEn: 'C', color: '#d95f02' },
    { when: { metric: 'pace', op: '<', value: 0.4 }, key: 'D', label: 'D', labelEn: 'D', color: '#b2182b' },
  ],
  fallback: { key: 'N', label: 'N', labelEn: 'N: not rated', color: GREY },
};

/**
 * The shipped status schemes, validated, by id: standard (標準), achievement-rate (達成率型),
 * pace (ペース型), national (国・成長戦略型), sdg (SDG型), letter (段階評価).
 *
 * @example presets.standard.rules.map((r) => r.label) // ['評価不能', '目標達成', '順調', '概ね順調', '遅れ']
 */
export const presets: Readonly<Record<string, StatusScheme>> = Object.freeze(
  Object.fromEntries(
    [standard, achievementRate, paceType, national, sdg, letter].map((s) => [
      s.id,
      statusSchemeSchema.parse(s),
    ]),
  ),
);

/** The default scheme: 標準. */
export const DEFAULT_SCHEME_ID = 'standard';

const normalize = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/**
 * Finds a preset by id (`standard`), Japanese name (`標準`, `達成率型`) or English name.
 *
 * @example findPreset('ペース型')?.id // 'pace'
 * findPreset('SDG')?.id // 'sdg'
 */
export function findPreset(nameOrId: string): StatusScheme | null {
  const q = normalize(nameOrId);
  for (const s of Object.values(presets)) {
    const names = [s.id, s.name, s.nameEn ?? '', s.name.replace(/\s*\(.*\)$/, ''), s.name.replace(/型$/, '')];
    if (names.some((n) => n && normalize(n) === q)) return s;
  }
  return null;
}
