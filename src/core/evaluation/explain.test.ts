import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateIndicator } from './evaluate.ts';
import { formatNumber, formatPercent, formatValue, renderExplanation } from './explain.ts';
import { DEFAULT_TOLERANCE } from './metrics.ts';
import { presets } from './presets.ts';
import { compileScheme } from './status-scheme.ts';
import { indicator } from './test-helpers.ts';

describe('number formatting', () => {
  it('groups digits the Japanese way and trims decimals', () => {
    expect(formatNumber(1563)).toBe('1,563');
    expect(formatNumber(1234567.891)).toBe('1,234,567.89');
    expect(formatNumber(-1557.69, 1)).toBe('-1,557.7');
    expect(formatNumber(-0.0001)).toBe('0');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatValue(73.6, '%')).toBe('73.6%');
    expect(formatValue(1.41, null)).toBe('1.41');
    // Stored in base units (円), written in the indicator's unit.
    expect(formatValue(1_850_000_000, '万円')).toBe('185,000万円');
    expect(formatPercent(0.4)).toBe('40%');
    expect(formatNumber(1.5e300)).toBe('1.500e+300');
    expect(formatPercent(-6.230769)).toBe('-623.1%');
    // Rounds the exact binary value, as toFixed does (1.005 is 1.00499999999999989...).
    expect(formatNumber(1.005)).toBe('1');
    expect(formatNumber(2.675)).toBe('2.67');
    expect(formatNumber(-0.004)).toBe('0');
    expect(formatNumber(2 ** 60)).toBe('1,152,921,504,606,846,976');
    expect(formatNumber(Number.NaN)).toBe('-');
  });

  it('matches a plain reference formatter (toFixed, trailing zeros dropped, regex grouping)', () => {
    const reference = (n: number, decimals: number): string => {
      if (!Number.isFinite(n)) return '-';
      if (Math.abs(n) >= 1e21) return n.toExponential(3);
      const [int, frac = ''] = Math.abs(n).toFixed(decimals).split('.') as [string, string?];
      const f = frac.replace(/0+$/, '');
      const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      const zero = /^[0,]*$/.test(grouped) && f === '';
      return `${n < 0 && !zero ? '-' : ''}${grouped}${f ? `.${f}` : ''}`;
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.double({ min: -1e7, max: 1e7 }),
          fc.integer().map((i) => i / 1000),
          fc.integer({ min: -1e9, max: 1e9 }).map((i) => i / 200),
          fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number),
        ),
        fc.integer({ min: 0, max: 3 }),
        (n, decimals) => {
          expect(formatNumber(n, decimals)).toBe(reference(n, decimals));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('renderExplanation', () => {
  const ctx = (id: string) => ({
    compiled: compileScheme(presets[id]!),
    asOf: null,
    tolerance: DEFAULT_TOLERANCE,
    text: false,
    defaultTargetYear: null,
    override: null,
  });

  it('renders lazily from the explanation data, the same sentence as eager rendering', () => {
    const ind = indicator({ baseline: [2019, 100], target: [2024, 200], actuals: [[2021, 150]] });
    const lazy = evaluateIndicator(ind, ctx('standard'));
    expect(lazy.explanation.text).toBeNull();
    const eager = evaluateIndicator(ind, { ...ctx('standard'), text: true });
    expect(renderExplanation(lazy)).toBe(eager.explanation.text);
    expect(eager.explanation.text).toContain('達成度 50%、経過期間 40% に対する進捗 125% のため『順調』');
  });

  it('names skipped figures by year, and an actual without a year plainly', () => {
    const ind = indicator({ baseline: [2019, 10], target: [2024, 20], actuals: [[2020, 12]] });
    ind.actuals.push({ value: 15, fiscalYear: null }, { value: null, fiscalYear: 2021, state: 'pending' });
    const text = renderExplanation(evaluateIndicator(ind, ctx('standard')));
    expect(text).toContain('年度の記載がない実績、2021年度 (公表予定)は除外した');
    expect(text).not.toContain('年度不明年度');
  });

  it('mentions the metric the matched rule used (SDG ratio)', () => {
    const ind = indicator({ baseline: [2019, 100], target: [2024, 200], actuals: [[2021, 150]] });
    const text = renderExplanation(evaluateIndicator(ind, ctx('sdg')));
    expect(text).toContain('必要な年平均成長率に対する実績の比');
    expect(text).toContain('『大きく前進』');
  });

  it('mentions the forecast and whether it reaches the target', () => {
    const ind = indicator({
      baseline: [2019, 100],
      target: [2024, 200],
      actuals: [
        [2020, 110],
        [2021, 120],
      ],
    });
    expect(renderExplanation(evaluateIndicator(ind, ctx('standard')))).toMatch(
      /2024年度の見込みは 1\d\d(\.\d+)?件 \(未達の見込み\)/,
    );
  });
});
