import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction, Figure, Indicator, StrategyDocument } from '../interchange.ts';
import { evaluateDocument, evaluateIndicator, type IndicatorContext } from './evaluate.ts';
import type { IndicatorEvaluation, NumericMetric } from './evaluation.ts';
import { DEFAULT_TOLERANCE } from './metrics.ts';
import { presets } from './presets.ts';
import { type CompiledScheme, compileScheme } from './status-scheme.ts';

const compiled: CompiledScheme[] = Object.values(presets).map(compileScheme);
const ctx = (c: CompiledScheme, text = true): IndicatorContext => ({
  compiled: c,
  asOf: null,
  tolerance: DEFAULT_TOLERANCE,
  text,
  defaultTargetYear: null,
  override: null,
});
const NUMERIC: NumericMetric[] = [
  'achievement',
  'ratio',
  'elapsedShare',
  'pace',
  'expected',
  'cagrRatio',
  'forecast',
  'forecastAchievement',
  'deviation',
];

const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const state = fc.constantFrom<Figure['state']>(
  'final',
  'final',
  'final',
  'preliminary',
  'pending',
  undefined,
);

/** An indicator with distinct actual years between the baseline year and two years past the target. */
const arbIndicator = (direction: fc.Arbitrary<Direction | null>) =>
  fc
    .record({
      direction,
      unit: fc.constantFrom('件', '%', null),
      by: fc.integer({ min: 2010, max: 2020 }),
      span: fc.integer({ min: 1, max: 8 }),
      b: value,
      t: value,
      equalTarget: fc.boolean(),
      actuals: fc.uniqueArray(fc.record({ offset: fc.integer({ min: 0, max: 10 }), v: value, state }), {
        selector: (a) => a.offset,
        maxLength: 6,
      }),
    })
    .map(
      (r): Indicator => ({
        id: 'k',
        name: 'x',
        unit: r.unit,
        direction: r.direction,
        baseline: { value: r.b, fiscalYear: r.by },
        target: { value: r.equalTarget ? r.b : r.t, fiscalYear: r.by + r.span },
        actuals: r.actuals.map((a) => ({ value: a.v, fiscalYear: r.by + a.offset, state: a.state })),
      }),
    );

const negate = (f: Figure | null | undefined): Figure | null =>
  f ? { ...f, value: f.value == null ? null : -f.value } : null;
const swap = (d: Direction | null | undefined): Direction | null =>
  d === 'increase' ? 'decrease' : d === 'decrease' ? 'increase' : (d ?? null);

function allFinite(x: unknown): boolean {
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(allFinite);
  if (x && typeof x === 'object') return Object.values(x).every(allFinite);
  return true;
}

describe('evaluation invariants (fast-check)', () => {
  it('gives the same results with one series buffer reused over a document as with fresh ones', () => {
    fc.assert(
      fc.property(
        fc.array(arbIndicator(fc.constantFrom<Direction | null>('increase', 'decrease', 'maintain', null)), {
          maxLength: 12,
        }),
        (indicators) => {
          const doc: StrategyDocument = {
            goals: [],
            measures: [],
            projects: [],
            tagSets: [],
            unmapped: [],
            indicators: indicators.map((ind, i) => ({ ...ind, id: `k${i}` })),
          };
          for (const c of compiled) {
            const all = evaluateDocument(doc, { scheme: c, asOf: 2020 });
            all.results.forEach((r, i) => {
              const alone = evaluateIndicator(doc.indicators[i] as Indicator, { ...ctx(c), asOf: 2020 });
              expect(r).toEqual(alone);
            });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('for an increase indicator a higher actual never gives a worse status', () => {
    fc.assert(
      fc.property(arbIndicator(fc.constant('increase')), value, value, (ind, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        // Replace the compared (latest usable) actual by lo and by hi.
        const usable = ind.actuals.filter((a) => a.state !== 'pending');
        if (usable.length === 0) return;
        const last = usable.reduce((m, a) => ((a.fiscalYear as number) > (m.fiscalYear as number) ? a : m));
        const withValue = (v: number): Indicator => ({
          ...ind,
          actuals: ind.actuals.map((a) => (a === last ? { ...a, value: v } : a)),
        });
        for (const c of compiled) {
          const a = evaluateIndicator(withValue(lo), ctx(c, false)).computed.key;
          const b = evaluateIndicator(withValue(hi), ctx(c, false)).computed.key;
          const ra = c.rank.get(a);
          const rb = c.rank.get(b);
          if (ra != null && rb != null) expect(rb, `${c.scheme.id}: ${a} → ${b}`).toBeLessThanOrEqual(ra);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('mirroring values (negate all, swap increase and decrease) gives the same status', () => {
    fc.assert(
      fc.property(
        arbIndicator(fc.constantFrom<Direction | null>('increase', 'decrease', 'maintain', null)),
        (ind) => {
          const mirror: Indicator = {
            ...ind,
            direction: swap(ind.direction),
            baseline: negate(ind.baseline),
            target: negate(ind.target),
            actuals: ind.actuals.map((a) => negate(a) as Figure),
          };
          for (const c of compiled) {
            const a = evaluateIndicator(ind, ctx(c, false));
            const b = evaluateIndicator(mirror, ctx(c, false));
            expect(b.computed.key, c.scheme.id).toBe(a.computed.key);
            for (const m of ['achievement', 'elapsedShare', 'pace', 'cagrRatio'] as const)
              expect(b.metrics[m], m).toBe(a.metrics[m]);
            expect(b.metrics.forecast).toBe(a.metrics.forecast == null ? null : -a.metrics.forecast || 0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never depends on the order of the actuals (duplicate years included)', () => {
    const arb = arbIndicator(
      fc.constantFrom<Direction | null>('increase', 'decrease', 'maintain', null),
    ).chain((ind) =>
      fc.tuple(
        fc.constant(ind),
        fc.array(fc.record({ offset: fc.integer({ min: 0, max: 10 }), v: value, state }), { maxLength: 3 }),
      ),
    );
    fc.assert(
      fc.property(
        arb.chain(([ind, extra]) => {
          const by = ind.baseline?.fiscalYear as number;
          const actuals = [
            ...ind.actuals,
            ...extra.map((e) => ({ value: e.v, fiscalYear: by + e.offset, state: e.state })),
          ];
          return fc.tuple(
            fc.constant({ ...ind, actuals }),
            fc.shuffledSubarray(actuals, { minLength: actuals.length, maxLength: actuals.length }),
          );
        }),
        ([ind, shuffled]) => {
          for (const c of compiled) {
            const a = evaluateIndicator(ind, ctx(c));
            const b = evaluateIndicator({ ...ind, actuals: shuffled }, ctx(c));
            expect(JSON.stringify(b)).toBe(JSON.stringify(a));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never puts NaN or Infinity in the output, for any finite inputs', () => {
    const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });
    const fig = fc.record({
      value: fc.option(anyFinite, { nil: null }),
      fiscalYear: fc.option(fc.integer({ min: -5000, max: 5000 }), { nil: null }),
      state,
      fromYear: fc.option(fc.integer({ min: -5000, max: 5000 }), { nil: undefined }),
      basis: fc.constantFrom<'fiscal' | 'calendar' | undefined>('fiscal', 'calendar', undefined),
    });
    fc.assert(
      fc.property(
        fc.record({
          direction: fc.constantFrom<Direction | null>('increase', 'decrease', 'maintain', null),
          aggregation: fc.constantFrom<Indicator['aggregation']>(
            'annual',
            'stock',
            'cumulative',
            'rate',
            null,
          ),
          tolerance: fc.option(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), { nil: null }),
          baseline: fc.option(fig, { nil: null }),
          target: fc.option(fig, { nil: null }),
          actuals: fc.array(fig, { maxLength: 6 }),
          asOf: fc.option(fc.integer({ min: -5000, max: 5000 }), { nil: null }),
        }),
        (r) => {
          const ind: Indicator = { id: 'k', name: 'x', unit: '件', ...r };
          for (const c of compiled) {
            const e: IndicatorEvaluation = evaluateIndicator(ind, { ...ctx(c), asOf: r.asOf });
            expect(allFinite(e)).toBe(true);
            expect(JSON.stringify(e)).not.toMatch(/NaN|Infinity/);
            expect(typeof e.explanation.text).toBe('string');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives null metrics with a reason, never a throw, for degenerate inputs', () => {
    const edge = fc.constantFrom(0, -0, 1, -1, -100, 100, 5e-324, -5e-324);
    fc.assert(
      fc.property(
        fc.constantFrom<Direction | null>('increase', 'decrease', 'maintain', null),
        edge,
        edge,
        fc.array(fc.tuple(fc.integer({ min: 2018, max: 2026 }), edge), { maxLength: 4 }),
        fc.constantFrom(2019, 2024),
        fc.boolean(),
        (direction, b, t, actuals, ty, same) => {
          const ind: Indicator = {
            id: 'k',
            name: 'x',
            direction,
            baseline: { value: b, fiscalYear: 2019 },
            target: { value: same ? b : t, fiscalYear: ty },
            actuals: actuals.map(([fiscalYear, value]) => ({ fiscalYear, value })),
          };
          for (const c of compiled) {
            const e = evaluateIndicator(ind, ctx(c));
            for (const m of NUMERIC) {
              const v = e.metrics[m];
              if (v == null) expect(e.metricReasons[m], m).toBeTypeOf('string');
              else {
                expect(Number.isFinite(v)).toBe(true);
                expect(e.metricReasons[m]).toBeUndefined();
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
