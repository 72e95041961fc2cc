import type { Condition, MetricName, StatusScheme } from '../evaluation/status-scheme.ts';
import { statusShape } from '../evaluation/status-shape.ts';

const METRIC_WORDS: Record<MetricName, string> = {
  achievement: '達成率 (基準値から目標値までのうち、実績値が進んだ割合)',
  ratio: '目標値に対する実績値の割合',
  elapsedShare: '計画期間のうち経過した割合',
  pace: '進み具合 (達成率を計画期間の経過割合で割ったもの)',
  cagrRatio: '目標に必要な年あたりの伸びに対する、実際の年あたりの伸びの割合',
  forecast: 'これまでの実績から見込まれる目標年度の値',
  forecastAchievement: '目標年度の見込み値の達成率',
};

const OP_WORDS: Record<string, string> = {
  '>=': '以上',
  '>': 'を超える',
  '<=': '以下',
  '<': '未満',
  '==': 'と等しい',
  '!=': 'と異なる',
};

function percent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

/**
 * A status rule's condition in plain Japanese, for readers who do not know the rule language
 * (the public page explaining how progress is judged).
 *
 * @example conditionWords({ metric: 'pace', op: '>=', value: 0.8 }) // '進み具合 (…) が80%以上'
 * @example conditionWords({ noData: true }) // 'まだ実績値がない'
 */
export function conditionWords(c: Condition): string {
  if ('metric' in c) {
    const left = METRIC_WORDS[c.metric];
    const op = OP_WORDS[c.op] ?? c.op;
    if ('ref' in c) return `${left}が${METRIC_WORDS[c.ref]}${op}`;
    const right = c.metric === 'forecast' ? String(c.value) : percent(c.value);
    return `${left}が${right}${op}`;
  }
  if ('all' in c) return c.all.length ? c.all.map(conditionWords).join('、かつ') : '常に';
  if ('any' in c) return c.any.length ? c.any.map(conditionWords).join('、または') : '該当なし';
  if ('not' in c) return `「${conditionWords(c.not)}」ではない`;
  if ('noData' in c) return c.noData ? 'まだ実績値がない' : '実績値がある';
  if ('achieved' in c) return c.achieved ? '目標値に達している' : '目標値に達していない';
  if ('willReach' in c)
    return c.willReach
      ? 'このままの傾向で目標年度に目標値に届く見込み'
      : 'このままの傾向では目標値に届かない見込み';
  if ('preliminary' in c) return c.preliminary ? '比べた実績値が速報値' : '比べた実績値が確定値';
  if ('direction' in c)
    return `目指す方向が${c.direction === 'increase' ? '増加' : c.direction === 'decrease' ? '減少' : '維持'}`;
  return '上のどれにも当たらないとき';
}

/** One status of a scheme as the public explains it: shape, label, colour and when it is given. */
export interface StatusInWords {
  key: string;
  label: string;
  shape: string;
  color: string;
  description: string | null;
  /** When the status is given, in words; null for classes only a judgement of record gives. */
  when: string | null;
}

/**
 * Distinct shapes for the statuses of one scheme: the preset keys keep their shapes, other keys
 * get the next shape not used yet in this scheme, in the scheme's order.
 *
 * @example schemeShapes(presets.standard).get('on-track') // '●'
 */
export function schemeShapes(scheme: StatusScheme): Map<string, string> {
  const keys: string[] = [];
  for (const k of [
    ...scheme.rules.map((r) => r.key),
    ...(scheme.classes ?? []).map((c) => c.key),
    scheme.fallback.key,
  ])
    if (!keys.includes(k)) keys.push(k);
  const spare = ['◆', '■', '◇', '□', '✕', '○', '△', '▽', '☆', '◎', '♦', '▪'];
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const k of keys) {
    const known = statusShape(k);
    if (!['◆', '■', '◇', '□', '✕'].includes(known) && !used.has(known)) {
      out.set(k, known);
      used.add(known);
    }
  }
  for (const k of keys) {
    if (out.has(k)) continue;
    const shape = spare.find((s) => !used.has(s)) ?? '・';
    out.set(k, shape);
    used.add(shape);
  }
  return out;
}

/**
 * The statuses of a scheme in words, in the order they are tried (first match wins), then the
 * classes given only by a judgement of record, then the fallback.
 *
 * @example statusesInWords(presets.standard)[0] // { key: 'unrated', label: '評価不能', when: 'まだ実績値がない', … }
 */
export function statusesInWords(scheme: StatusScheme): StatusInWords[] {
  const shapes = schemeShapes(scheme);
  const out: StatusInWords[] = [];
  const seen = new Set<string>();
  const push = (
    s: { key: string; label: string; color: string; description?: string | undefined },
    when: string | null,
  ) => {
    const prior = out.find((o) => o.key === s.key);
    if (prior) {
      if (when) prior.when = prior.when ? `${prior.when}。または、${when}` : when;
      return;
    }
    seen.add(s.key);
    out.push({
      key: s.key,
      label: s.label,
      shape: shapes.get(s.key) ?? statusShape(s.key),
      color: s.color,
      description: s.description ?? null,
      when,
    });
  };
  for (const r of scheme.rules) push(r, conditionWords(r.when));
  for (const c of scheme.classes ?? []) push(c, null);
  push(scheme.fallback, 'ほかのどれにも当たらないとき');
  return out;
}
