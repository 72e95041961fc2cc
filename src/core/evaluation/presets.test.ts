import { describe, expect, it } from 'vitest';
import { evaluateIndicator, type IndicatorContext } from './evaluate.ts';
import { DEFAULT_TOLERANCE } from './metrics.ts';
import { DEFAULT_SCHEME_ID, findPreset, presets } from './presets.ts';
import { compileScheme, type StatusScheme, statusSchemeSchema } from './status-scheme.ts';
import { indicator } from './test-helpers.ts';

const ctx = (scheme: StatusScheme): IndicatorContext => ({
  compiled: compileScheme(scheme),
  asOf: null,
  tolerance: DEFAULT_TOLERANCE,
  text: false,
  defaultTargetYear: null,
  override: null,
});
// Baseline 100 (2019) → target 200 (2024); at 2021 the time-proportional value is 140.
const at = (scheme: StatusScheme, value: number | null, direction?: 'increase' | 'decrease') => {
  const ind =
    direction === 'decrease'
      ? indicator({
          direction,
          baseline: [2019, 200],
          target: [2024, 100],
          actuals: value == null ? [] : [[2021, value]],
        })
      : indicator({
          baseline: [2019, 100],
          target: [2024, 200],
          actuals: value == null ? [] : [[2021, value]],
        });
  return evaluateIndicator(ind, ctx(scheme)).status.label;
};

describe('presets', () => {
  it('ship with stable ids, Japanese names, and labels with colours', () => {
    expect(Object.keys(presets)).toEqual([
      'standard',
      'achievement-rate',
      'pace',
      'national',
      'sdg',
      'letter',
    ]);
    expect(DEFAULT_SCHEME_ID).toBe('standard');
    for (const s of Object.values(presets)) {
      expect(statusSchemeSchema.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
      for (const r of [...s.rules, s.fallback]) {
        expect(r.label.length).toBeGreaterThan(0);
        expect(r.color).toMatch(/^#[0-9a-f]{6}$/i);
      }
    }
  });

  it('are found by id or name', () => {
    expect(findPreset('standard')?.name).toBe('標準');
    expect(findPreset('標準')?.id).toBe('standard');
    expect(findPreset('達成率型')?.id).toBe('achievement-rate');
    expect(findPreset('ペース型')?.id).toBe('pace');
    expect(findPreset('国・成長戦略型')?.id).toBe('national');
    expect(findPreset('SDG型')?.id).toBe('sdg');
    expect(findPreset('sdg')?.id).toBe('sdg');
    expect(findPreset('letter')?.id).toBe('letter');
    expect(findPreset('nonexistent')).toBeNull();
  });

  it('標準: 目標達成 / 順調 / 概ね順調 / 遅れ / 評価不能', () => {
    const s = presets.standard!;
    expect([...new Set([...s.rules.map((r) => r.label), s.fallback.label])].sort()).toEqual(
      ['目標達成', '順調', '概ね順調', '遅れ', '評価不能'].sort(),
    );
    expect([at(s, 200), at(s, 140), at(s, 132), at(s, 120), at(s, null)]).toEqual([
      '目標達成',
      '順調',
      '概ね順調',
      '遅れ',
      '評価不能',
    ]);
  });

  it('達成率型: 順調 at target, おおむね順調 ≥ 80% achievement, else 努力を要する', () => {
    const s = presets['achievement-rate']!;
    expect([at(s, 200), at(s, 180), at(s, 179), at(s, null)]).toEqual([
      '順調',
      'おおむね順調',
      '努力を要する',
      '評価不能',
    ]);
  });

  it('ペース型: 着実 ≥ 100% of pace, 概ね 60–100%, 改善必要 < 60%', () => {
    const s = presets.pace!;
    // pace 1 at 140, 0.6 at 124.
    expect([at(s, 140), at(s, 139), at(s, 124), at(s, 123)]).toEqual(['着実', '概ね', '概ね', '改善必要']);
  });

  it('国・成長戦略型: A when progress ≥ share of the period, B below, N without data', () => {
    const s = presets.national!;
    expect([at(s, 140), at(s, 139), at(s, null), at(s, 250)]).toEqual(['A', 'B', 'N', 'A']);
  });

  it('SDG型: CAGR ratio thresholds 0.95 and 0.60, 0; decrease handled', () => {
    const s = presets.sdg!;
    const required = 2 ** (1 / 5) - 1; // 100 → 200 over 5 years
    const valueAt = (r: number) => 100 * (1 + r * required) ** 2; // observed CAGR = r × required over 2 years
    expect(at(s, valueAt(1))).toBe('大きく前進');
    expect(at(s, valueAt(0.95))).toBe('大きく前進');
    expect(at(s, valueAt(0.9))).toBe('一定の前進');
    expect(at(s, valueAt(0.6))).toBe('一定の前進');
    expect(at(s, valueAt(0.3))).toBe('限定的な前進');
    expect(at(s, 99)).toBe('悪化');
    expect(at(s, 200)).toBe('目標達成');
    expect(at(s, 190, 'decrease')).toBe('限定的な前進');
    expect(at(s, 210, 'decrease')).toBe('悪化');
    expect(at(s, 100, 'decrease')).toBe('目標達成');
  });

  it('letter grades: A+ / A- / B / C / D by thresholds', () => {
    const s = presets.letter!;
    // pace = (v − 100) / 100 / 0.4
    expect([at(s, 200), at(s, 140), at(s, 128), at(s, 116), at(s, 115), at(s, null)]).toEqual([
      'A+',
      'A-',
      'B',
      'C',
      'D',
      'N',
    ]);
  });
});
