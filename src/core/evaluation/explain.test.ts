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
    expect(formatPercent(0.4)).toBe('40%');
    expect(formatNumber(1.5e300)).toBe('1.500e+300');
    expect(formatPercent(-6.230769)).toBe('-623.1%');
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
