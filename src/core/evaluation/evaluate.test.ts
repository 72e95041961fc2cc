import { describe, expect, it } from 'vitest';
import { type StrategyDocument, strategyDocumentSchema } from '../interchange.ts';
import { evaluateDocument, evaluateIndicator, type IndicatorContext, latestActualYear } from './evaluate.ts';
import { renderExplanation } from './explain.ts';
import { DEFAULT_TOLERANCE } from './metrics.ts';
import { presets } from './presets.ts';
import { compileScheme } from './status-scheme.ts';
import { indicator } from './test-helpers.ts';

const ctx = (over: Partial<IndicatorContext> = {}): IndicatorContext => ({
  compiled: compileScheme(presets.standard!),
  asOf: null,
  tolerance: DEFAULT_TOLERANCE,
  text: true,
  defaultTargetYear: null,
  override: null,
  ...over,
});

const jobs = indicator({
  name: '新規求人数',
  baseline: [2019, 1563],
  target: [2024, 1602],
  actuals: [
    [2020, 1208],
    [2021, 1320],
  ],
});

describe('evaluateIndicator', () => {
  it('judges a KPI behind the time-proportional line as 遅れ, with metrics and the rule', () => {
    const r = evaluateIndicator(jobs, ctx({ asOf: 2021 }));
    expect(r.status.label).toBe('遅れ');
    expect(r.metrics.achievement).toBeCloseTo((1320 - 1563) / (1602 - 1563), 12);
    expect(r.metrics.elapsedShare).toBe(0.4);
    expect(r.metrics.pace).toBeCloseTo((1320 - 1563) / (1602 - 1563) / 0.4, 12);
    expect(r.metrics.expected).toBeCloseTo(1563 + 39 * 0.4, 10);
    expect(r.explanation.rule).toMatchObject({ index: 4, label: '遅れ', fallback: false });
    expect(r.explanation.rule.condition).toEqual({ metric: 'pace', op: '<', value: 0.8 });
    expect(r.explanation.actual).toMatchObject({ value: 1320, fiscalYear: 2021 });
    expect(r.explanation.directionSource).toBe('inferred');
  });

  it('writes the plain-Japanese sentence with grouped numbers', () => {
    const text = evaluateIndicator(jobs, ctx({ asOf: 2021 })).explanation.text;
    expect(text).toContain('基準値 1,563件 (2019) から目標値 1,602件 (2024) に対し、2021年度実績 1,320件。');
    expect(text).toContain('達成度 -623.1%、経過期間 40% に対する進捗 -1,557.7% のため『遅れ』。');
  });

  it('renders no sentence when text is off (bulk runs)', () => {
    expect(evaluateIndicator(jobs, ctx({ text: false })).explanation.text).toBeNull();
  });

  it('uses only actuals up to asOf and says which year it used', () => {
    const r = evaluateIndicator(jobs, ctx({ asOf: 2020 }));
    expect(r.explanation.actual?.fiscalYear).toBe(2020);
    expect(r.explanation.usedYears).toEqual([2020]);
    expect(r.explanation.text).toContain('2020年度実績 1,208件');
    const later = evaluateIndicator(jobs, ctx({ asOf: 2023 }));
    expect(later.explanation.notes).toContain('LATEST_BEFORE_AS_OF');
  });

  it('gives 順調 and 概ね順調 by pace thresholds', () => {
    const mk = (v: number) =>
      evaluateIndicator(
        indicator({ baseline: [2019, 100], target: [2024, 200], actuals: [[2021, v]] }),
        ctx(),
      );
    expect(mk(140).status.label).toBe('順調'); // pace exactly 1
    expect(mk(132).status.label).toBe('概ね順調'); // pace 0.8
    expect(mk(131).status.label).toBe('遅れ');
    expect(mk(200).status.label).toBe('目標達成');
  });

  it('treats a target met before the target year as achieved', () => {
    const r = evaluateIndicator(
      indicator({ baseline: [2019, 10], target: [2024, 14], actuals: [[2021, 20]] }),
      ctx(),
    );
    expect(r.status.label).toBe('目標達成');
    expect(r.metrics.achievedEarly).toBe(true);
    expect(r.explanation.text).toContain('目標年度より前に目標値に到達した');
  });

  it('handles decrease indicators', () => {
    const mk = (v: number) =>
      evaluateIndicator(
        indicator({ direction: 'decrease', baseline: [2019, 100], target: [2024, 50], actuals: [[2021, v]] }),
        ctx(),
      ).status.label;
    expect(mk(80)).toBe('順調');
    expect(mk(95)).toBe('遅れ');
    expect(mk(50)).toBe('目標達成');
    expect(mk(120)).toBe('遅れ');
  });

  it('judges maintain indicators by a tolerance band (±3 points for %)', () => {
    const mk = (v: number, year = 2021, tolerance: number | null = null) =>
      evaluateIndicator(
        indicator({
          unit: '%',
          direction: 'maintain',
          tolerance,
          baseline: [2019, 73.6],
          target: [2024, 73.6],
          actuals: [[year, v]],
        }),
        ctx(),
      );
    const inside = mk(75);
    expect(inside.status.label).toBe('順調');
    expect(inside.metrics.withinBand).toBe(true);
    expect(inside.metrics.deviation).toBeCloseTo(1.4, 10);
    expect(inside.explanation.tolerance).toEqual({ value: 3, source: 'default-points' });
    expect(inside.explanation.text).toContain('±3ポイント');
    expect(mk(75, 2024).status.label).toBe('目標達成');
    expect(mk(69).metrics.withinBand).toBe(false);
    expect(mk(69).status.label).toBe('遅れ'); // 4.6 off a 3-point band: score 0.65
    expect(mk(74.8, 2021, 1).status.label).toBe('概ね順調'); // 1.2 off a 1-point band: score 0.83
    expect(mk(76.6).metrics.withinBand).toBe(true); // exactly 3 points off, despite rounding
  });

  it('uses ±3% of the target for maintain indicators in other units, and the option', () => {
    const ind = indicator({
      unit: '人',
      baseline: [2019, 1000],
      target: [2024, 1000],
      actuals: [[2021, 1025]],
    });
    const r = evaluateIndicator(ind, ctx());
    expect(r.explanation.direction).toBe('maintain');
    expect(r.explanation.tolerance).toEqual({ value: 30, source: 'default-relative' });
    expect(r.metrics.withinBand).toBe(true);
    const strict = evaluateIndicator(ind, ctx({ tolerance: { percentPoints: 3, relative: 0.01 } }));
    expect(strict.metrics.withinBand).toBe(false);
  });

  it('sums yearly flows of a cumulative target over a range', () => {
    const r = evaluateIndicator(
      indicator({
        unit: '人',
        aggregation: 'cumulative',
        baseline: [2019, 402],
        target: [2024, 2010],
        targetFrom: 2020,
        actuals: [
          [2020, 380],
          [2021, 420],
        ],
      }),
      ctx(),
    );
    expect(r.explanation.mode).toBe('sum-of-flows');
    expect(r.explanation.actual?.value).toBe(800);
    expect(r.explanation.baseline).toEqual({ value: 0, fiscalYear: 2019, raw: null });
    expect(r.explanation.originalBaseline?.value).toBe(402);
    expect(r.metrics.achievement).toBeCloseTo(800 / 2010, 12);
    expect(r.metrics.pace).toBeCloseTo(800 / 2010 / 0.4, 12);
    expect(r.explanation.text).toContain(
      '2020年度からの累計の目標値 2,010人 (2024) に対し、2021年度までの累計 800人',
    );
  });

  it('compares running totals of cumulative indicators directly', () => {
    const r = evaluateIndicator(
      indicator({
        aggregation: 'cumulative',
        baseline: [2018, 4],
        target: [2023, 13],
        actuals: [
          [2020, 5],
          [2021, 6],
          [2022, 9],
          [2023, 11],
        ],
      }),
      ctx(),
    );
    expect(r.explanation.mode).toBe('running-total');
    expect(r.explanation.actual?.value).toBe(11);
    expect(r.metrics.achievement).toBeCloseTo(7 / 9, 12);
  });

  it('skips pending figures, counts preliminary ones and says so', () => {
    const ind = indicator({ baseline: [2019, 10], target: [2024, 20], actuals: [[2020, 12]] });
    ind.actuals.push({ fiscalYear: 2021, value: 13, state: 'preliminary' });
    ind.actuals.push({ fiscalYear: 2022, value: null, state: 'pending', raw: '令和5年9月 公表予定' });
    const r = evaluateIndicator(ind, ctx());
    expect(r.explanation.actual).toMatchObject({ fiscalYear: 2021, value: 13, preliminary: true });
    expect(r.explanation.skipped).toEqual([{ year: 2022, reason: 'pending' }]);
    expect(r.explanation.notes).toContain('PRELIMINARY');
    expect(r.explanation.text).toContain('(速報値)');
    expect(r.explanation.text).toContain('2022年度 (公表予定)は除外した');
  });

  it('maps calendar-year figures to fiscal years for the pace', () => {
    const ind = indicator({ unit: '円', baseline: [2018, 100], target: [2022, 200] });
    ind.actuals.push({ fiscalYear: 2020, value: 150, basis: 'calendar' });
    const r = evaluateIndicator(ind, ctx());
    expect(r.metrics.elapsedShare).toBe(0.5);
    expect(r.explanation.notes).toContain('CALENDAR_YEAR');
  });

  it('rates an indicator without actuals 評価不能 (no data yet)', () => {
    const r = evaluateIndicator(indicator({ baseline: [2019, 5], target: [2024, 9] }), ctx({ asOf: 2021 }));
    expect(r.status.label).toBe('評価不能');
    expect(r.explanation.rule.index).toBe(0);
    expect(r.metricReasons.achievement).toBe('NO_ACTUAL');
    expect(r.explanation.text).toContain('2021年度までに使用できる実績値がないため『評価不能』');
  });

  it('falls back to 評価不能 with the reason when metrics cannot be computed', () => {
    const r = evaluateIndicator(
      indicator({ baseline: null, target: [2024, 9], actuals: [[2021, 5]] }),
      ctx(),
    );
    expect(r.status.label).toBe('評価不能');
    expect(r.explanation.rule.fallback).toBe(true);
    expect(r.explanation.directionSource).toBe('assumed');
    expect(r.metricReasons.achievement).toBe('NO_BASELINE');
    expect(r.explanation.text).toContain('基準値がない');
    // Still achieved when the actual is past the target.
    const past = evaluateIndicator(
      indicator({ baseline: null, target: [2024, 9], actuals: [[2021, 12]] }),
      ctx(),
    );
    expect(past.status.label).toBe('目標達成');
  });

  it('takes the target year from the strategy period when the target has none', () => {
    const r = evaluateIndicator(
      indicator({ baseline: [2019, 100], target: [null, 200], actuals: [[2021, 140]] }),
      ctx({ defaultTargetYear: 2024 }),
    );
    expect(r.metrics.elapsedShare).toBe(0.4);
    expect(r.explanation.notes).toContain('TARGET_YEAR_FROM_STRATEGY');
  });

  it('keeps an override beside the computed status', () => {
    const override = {
      indicatorId: 'k1',
      label: '進捗の遅れ（コロナ）',
      reason: 'イベント中止',
      by: '企画課',
      at: '2022-08-31',
    };
    const r = evaluateIndicator(jobs, ctx({ override }));
    expect(r.computed.label).toBe('遅れ');
    expect(r.override).toEqual(override);
    expect(r.effective).toMatchObject({ label: '進捗の遅れ（コロナ）', source: 'override' });
    expect(r.status).toBe(r.effective);
    expect(r.explanation.text).toContain('担当者による評価は『進捗の遅れ（コロナ）』(理由: イベント中止');
    expect(r.explanation.text).toContain('計算上の評価は『遅れ』');
  });
});

describe('evaluateDocument', () => {
  const doc: StrategyDocument = strategyDocumentSchema.parse({
    strategy: { id: 's2', name: '第2期', period: { from: 2020, to: 2024 } },
    goals: [
      { id: 'g1', code: '1', name: '安定した雇用' },
      { id: 'g2', code: '2', name: '子育て' },
    ],
    measures: [
      { id: 'm1', goalId: 'g1', name: '産業' },
      { id: 'm1a', parentId: 'm1', name: '創業' },
    ],
    indicators: [
      { ...jobs, owner: { type: 'goal', id: 'g1' }, role: 'numeric_target', departments: ['商工労働課'] },
      {
        ...indicator({ id: 'k2', baseline: [2019, 10], target: [2024, 14], actuals: [[2021, 20]] }),
        owner: { type: 'measure', id: 'm1a' },
        role: 'kpi',
        departments: ['商工労働課', '企画調整課'],
      },
      {
        ...indicator({ id: 'k3', baseline: [2019, 1.41], target: [null, 1.66], actuals: [[2022, 1.5]] }),
        role: 'kpi',
      },
    ],
  });

  it('evaluates every indicator at the latest actual year by default', () => {
    const r = evaluateDocument(doc);
    expect(latestActualYear(doc)).toBe(2022);
    expect(r.asOf).toBe(2022);
    expect(r.scheme.id).toBe('standard');
    expect(r.results.map((x) => x.id)).toEqual(['jobs', 'k2', 'k3'].map((id) => (id === 'jobs' ? 'k1' : id)));
    expect(r.results[2]?.metrics.elapsedShare).toBe(0.6); // target year from the strategy period
  });

  it('summarizes overall, per goal, department and role', () => {
    const r = evaluateDocument(doc, { asOf: 2022, scheme: presets.standard });
    expect(r.summary.overall.total).toBe(3);
    expect(r.summary.overall.lines.at(-1)).toBe('合計 3件(100%)');
    expect(r.summary.byGoal.map((g) => [g.id, g.total])).toEqual([
      ['g1', 2],
      [null, 1],
    ]);
    expect(r.summary.byGoal[0]?.name).toBe('1 安定した雇用');
    expect(r.summary.byDepartment.map((g) => [g.id, g.total])).toEqual([
      ['企画調整課', 1],
      ['商工労働課', 2],
      [null, 1],
    ]);
    expect(r.summary.byRole.map((g) => [g.name, g.total])).toEqual([
      ['数値目標', 1],
      ['KPI', 2],
    ]);
  });

  it('applies overrides by indicator id and counts the effective status', () => {
    const r = evaluateDocument(doc, {
      asOf: 2022,
      overrides: [
        { indicatorId: 'k1', label: '概ね順調', reason: '景気の影響', by: '企画課', at: '2023-05-01' },
      ],
    });
    expect(r.results[0]?.computed.label).toBe('遅れ');
    expect(r.results[0]?.effective).toMatchObject({ label: '概ね順調', key: 'mostly-on-track' });
    const mostly = r.summary.overall.counts.find((c) => c.key === 'mostly-on-track');
    expect(mostly?.count).toBe(1);
  });

  it('works with every preset', () => {
    for (const scheme of Object.values(presets)) {
      const r = evaluateDocument(doc, { scheme });
      expect(r.results).toHaveLength(3);
      for (const x of r.results) {
        expect([...scheme.rules.map((rule) => rule.label), scheme.fallback.label]).toContain(x.status.label);
        expect(x.explanation.text).toMatch(/『.+』/);
      }
    }
  });
});

describe('DocumentEvaluation (rows, objects on demand)', () => {
  const doc = strategyDocumentSchema.parse({
    strategy: { id: 's', name: '第2期', period: { from: 2020, to: 2024 } },
    indicators: [
      indicator({ id: 'a', baseline: [2019, 10], target: [2024, 20], actuals: [[2021, 14]] }),
      indicator({
        id: 'b',
        direction: 'maintain',
        unit: '%',
        baseline: [2019, 70],
        target: [null, 70],
        actuals: [[2021, 72]],
      }),
      indicator({
        id: 'c',
        aggregation: 'cumulative',
        baseline: [2019, 5],
        target: [2024, 100],
        targetFrom: 2020,
        actuals: [
          [2020, 10],
          [2021, 12],
          [2021, 13],
        ],
      }),
      indicator({ id: 'd', baseline: [2019, 10], target: [2024, 20] }),
    ],
  });
  const overrides = [{ indicatorId: 'd', label: '遅れ', reason: '未公表', by: '企画課', at: '2022-08-31' }];

  it('builds from its rows the same objects as a run that renders text, less the text', () => {
    const lazy = evaluateDocument(doc, { asOf: 2021, overrides, text: false });
    const eager = evaluateDocument(doc, { asOf: 2021, overrides });
    expect(lazy.length).toBe(4);
    for (let i = 0; i < 4; i++) {
      const e = eager.results[i]!;
      expect(lazy.statusAt(i)).toEqual(e.effective);
      expect(lazy.at(i)).toEqual({ ...e, explanation: { ...e.explanation, text: null } });
      expect(renderExplanation(lazy.at(i))).toBe(e.explanation.text);
    }
    expect(lazy.summary.overall.lines).toEqual(eager.summary.overall.lines);
    expect(lazy.statusAt(3).source).toBe('override');
  });

  it('keeps the objects once built, and serializes like a plain object', () => {
    const r = evaluateDocument(doc, { asOf: 2021, text: false });
    const results = r.results;
    expect(r.results).toBe(results);
    expect(r.at(1)).toBe(results[1]);
    expect(r.statusAt(0)).toBe(results[0]!.effective);
    const json = JSON.parse(JSON.stringify(r));
    expect(Object.keys(json)).toEqual(['scheme', 'asOf', 'results', 'summary']);
    expect(json.results).toEqual(JSON.parse(JSON.stringify(results)));
  });
});
