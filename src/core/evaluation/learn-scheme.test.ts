import { describe, expect, it } from 'vitest';
import { type StrategyDocumentInput, strategyDocumentSchema } from '../interchange.ts';
import { evaluateDocument } from './evaluate.ts';
import { learnScheme } from './learn-scheme.ts';
import type { Override } from './override.ts';
import { statusSchemeSchema } from './status-scheme.ts';

// A synthetic city that judges by the ratio actual / target: ≥ 95% good, ≥ 75% fair, else late;
// some late ones it writes with a reason (遅れ（災害）).
const ratios = [1.2, 1.0, 0.97, 0.96, 0.9, 0.85, 0.8, 0.76, 0.7, 0.5, 0.4, 0.3];
const cityClass = (r: number) => (r >= 0.95 ? '良好' : r >= 0.75 ? 'やや良好' : '遅れ');
const input: StrategyDocumentInput = {
  strategy: { id: 's', name: '第2期', period: { from: 2020, to: 2024 } },
  indicators: ratios.map((r, i) => ({
    id: `k${i}`,
    name: `指標${i}`,
    unit: '件',
    direction: 'increase',
    // baseline 80, target 100: achievement and pace rank differently from the ratio near 0.8
    baseline: { value: 80 - (i % 3) * 20, fiscalYear: 2019 },
    target: { value: 100, fiscalYear: 2024 },
    actuals: [{ value: r * 100, fiscalYear: 2022 }],
  })),
};
const doc = strategyDocumentSchema.parse(input);
const judge = (i: number, label: string): Override => ({
  indicatorId: `k${i}`,
  label,
  reason: '取込',
  by: '取込',
  at: '2023-06-01',
  fiscalYear: 2022,
  source: 'import',
});
const overrides = ratios.map((r, i) => judge(i, i === 10 ? '遅れ（災害）' : cityClass(r)));

describe('learnScheme', () => {
  const e = evaluateDocument(doc, { asOf: 2022, overrides, text: false });
  const p = learnScheme(e);

  it('finds thresholds that reproduce every judgement, and ranks the classes', () => {
    expect(p.classes).toEqual(['良好', 'やや良好', '遅れ']);
    expect(p.metric).toBe('ratio');
    expect(p.after).toEqual({ agree: 12, total: 12 });
    expect(p.disagreements).toEqual([]);
    expect(p.thresholds.map((t) => t.label)).toEqual(['良好', 'やや良好']);
    expect(p.thresholds[0]!.min).toBeGreaterThan(0.9);
    expect(p.thresholds[0]!.min).toBeLessThanOrEqual(0.96);
    expect(p.thresholds[1]!.min).toBeGreaterThan(0.7);
    expect(p.thresholds[1]!.min).toBeLessThanOrEqual(0.76);
    expect(statusSchemeSchema.safeParse(p.scheme).success).toBe(true);
  });

  it('keeps a class with a written reason as an override reason, not a computed class', () => {
    expect(p.reasonClasses).toEqual([{ label: '遅れ（災害）', base: '遅れ' }]);
    expect(p.scheme.rules.some((r) => r.label === '遅れ（災害）')).toBe(false);
    expect(p.scheme.classes?.map((c) => c.label)).toContain('遅れ（災害）');
  });

  it('reports the agreement of the current scheme and explains itself', () => {
    expect(p.before.total).toBe(12);
    expect(p.before.agree).toBeLessThan(12);
    expect(p.explanation.join('\n')).toContain(`${p.before.agree}/12 → 提案 12/12`);
  });

  it('lists each remaining disagreement with its numbers', () => {
    // A judgement no threshold can give: the best ratio judged late.
    const noisy = evaluateDocument(doc, {
      asOf: 2022,
      overrides: overrides.map((o, i) => (i === 0 ? { ...o, label: '遅れ' } : o)),
      text: false,
    });
    const q = learnScheme(noisy);
    expect(q.after.agree).toBe(11);
    expect(q.disagreements).toHaveLength(1);
    expect(q.disagreements[0]).toMatchObject({ id: 'k0', judgement: '遅れ', proposed: '良好' });
    expect(q.disagreements[0]!.metrics.ratio).toBeCloseTo(1.2);
  });

  it('is deterministic and learns nothing without judgements', () => {
    expect(JSON.stringify(learnScheme(e))).toBe(JSON.stringify(p));
    const none = learnScheme(evaluateDocument(doc, { asOf: 2022, text: false }));
    expect(none.before.total).toBe(0);
    expect(none.scheme.id).toBe('standard');
    expect(none.explanation[0]).toContain('学習できません');
  });
});

describe('learnScheme: the numbers of every disagreement', () => {
  // The synthetic city above, plus three indicators no ratio rule can compare: a sentence for a
  // target, figures in two parts (both judged 良好), and a target of 0 (no ratio; judged 遅れ).
  const extra: StrategyDocumentInput['indicators'] = [
    {
      id: 'x-text',
      name: '文章目標の指標',
      unit: '校',
      baseline: { value: 7, fiscalYear: 2019, raw: '7校' },
      target: { value: null, fiscalYear: 2024, raw: '全地区で1校以上実施' },
      actuals: [{ value: 9, fiscalYear: 2022, raw: '9校' }],
    },
    {
      id: 'x-parts',
      name: '部分に分かれた指標',
      unit: '%',
      baseline: { value: null, fiscalYear: 2019, raw: '小学校80.0% 中学校70.0%' },
      target: { value: null, fiscalYear: 2024, raw: '小学校90.0% 中学校80.0%' },
      actuals: [{ value: null, fiscalYear: 2022, raw: '小学校86.0% 中学校72.0%' }],
    },
    {
      id: 'x-zero',
      name: 'ゼロ目標の指標',
      unit: '人',
      baseline: { value: 0, fiscalYear: 2019, raw: '0人' },
      target: { value: 0, fiscalYear: 2024, raw: '0人' },
      actuals: [{ value: 0, fiscalYear: 2022, raw: '0人' }],
    },
  ];
  const withExtra = strategyDocumentSchema.parse({ ...input, indicators: [...input.indicators!, ...extra] });
  const all = [
    ...overrides,
    ...extra.map((x) => ({ ...judge(0, x.id === 'x-zero' ? '遅れ' : '良好'), indicatorId: x.id })),
  ];
  const q = learnScheme(evaluateDocument(withExtra, { asOf: 2022, overrides: all, text: false }), {
    indicators: withExtra.indicators,
  });
  const of = (id: string) => q.disagreements.find((d) => d.id === id)!;

  it('still learns the ratio, and lists the three', () => {
    expect(q.metric).toBe('ratio');
    expect(q.disagreements.map((d) => d.id)).toEqual(['x-text', 'x-parts', 'x-zero']);
  });

  it('gives a sentence target as its text beside the numbers there are, and why nothing compared them', () => {
    expect(of('x-text')).toMatchObject({
      proposed: '評価不能',
      baseline: { value: 7, fiscalYear: 2019, raw: '7校' },
      latest: { value: 9, fiscalYear: 2022, raw: '9校' },
      target: { value: null, fiscalYear: 2024, raw: '全地区で1校以上実施' },
      reason: { code: 'TARGET_NOT_NUMERIC' },
    });
    expect(of('x-text').reason!.text).toContain('目標が数値でない');
    expect(of('x-text').reason!.text).toContain('全地区で1校以上実施');
  });

  it('computes the metrics of each part of figures written in parts', () => {
    const d = of('x-parts');
    expect(d.reason?.code).toBe('VALUES_IN_PARTS');
    expect(d.parts.map((p) => p.label)).toEqual(['小学校', '中学校']);
    expect(d.parts[0]).toMatchObject({ baseline: 80, latest: 86, target: 90 });
    expect(d.parts[0]!.achievement).toBeCloseTo(0.6);
    expect(d.parts[0]!.ratio).toBeCloseTo(86 / 90);
    expect(d.parts[0]!.pace).toBeCloseTo(0.6 / 0.6);
    expect(d.parts[1]!.achievement).toBeCloseTo(0.2);
  });

  it('names the metric the proposal could not form, with the evaluation’s reason', () => {
    const d = of('x-zero');
    expect(d.reason?.code).toBe('METRIC_UNDEFINED');
    expect(d.reason?.text).toMatch(/^目標値に対する比率を計算できない: /u);
    expect(d.metrics.achievement).toBe(1);
  });

  it('leaves the reason empty where a rule compared the figures', () => {
    expect(q.disagreements.filter((d) => d.reason == null).every((d) => d.metrics[q.metric!] != null)).toBe(
      true,
    );
  });
});
