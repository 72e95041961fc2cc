import { describe, expect, it } from 'vitest';
import {
  compileCondition,
  compileScheme,
  matchRule,
  parseStatusScheme,
  type StatusFacts,
  statusSchemeSchema,
} from './status-scheme.ts';

const facts = (over: Partial<StatusFacts> & { m?: Partial<StatusFacts['metrics']> } = {}): StatusFacts => ({
  noData: false,
  achieved: false,
  willReach: null,
  preliminary: false,
  direction: 'increase',
  ...over,
  metrics: {
    achievement: null,
    ratio: null,
    elapsedShare: null,
    pace: null,
    cagrRatio: null,
    forecast: null,
    forecastAchievement: null,
    ...over.m,
  },
});

const scheme = statusSchemeSchema.parse({
  id: 'simple',
  name: '簡易',
  description: 'test scheme',
  order: ['ok', 'late'],
  rules: [
    { when: { noData: true }, key: 'none', label: '評価不能', color: '#777777' },
    { when: { metric: 'pace', op: '>=', value: 1 }, key: 'ok', label: '順調', color: '#1b7837' },
    { when: { metric: 'pace', op: '<', value: 1 }, key: 'late', label: '遅れ', color: '#b2182b' },
  ],
  fallback: { key: 'none', label: '評価不能', color: '#777777' },
});

describe('condition language', () => {
  it('compares metrics with numbers and with other metrics; null never matches', () => {
    expect(compileCondition({ metric: 'pace', op: '>=', value: 1 })(facts({ m: { pace: 1 } }))).toBe(true);
    expect(compileCondition({ metric: 'pace', op: '>', value: 1 })(facts({ m: { pace: 1 } }))).toBe(false);
    expect(compileCondition({ metric: 'pace', op: '<', value: 1 })(facts())).toBe(false);
    expect(compileCondition({ metric: 'pace', op: '!=', value: 1 })(facts())).toBe(false);
    expect(compileCondition({ metric: 'ratio', op: '==', value: 0.5 })(facts({ m: { ratio: 0.5 } }))).toBe(
      true,
    );
    expect(compileCondition({ metric: 'ratio', op: '<=', value: 0.5 })(facts({ m: { ratio: 0.6 } }))).toBe(
      false,
    );
    const ref = compileCondition({ metric: 'achievement', op: '>=', ref: 'elapsedShare' });
    expect(ref(facts({ m: { achievement: 0.4, elapsedShare: 0.4 } }))).toBe(true);
    expect(ref(facts({ m: { achievement: 0.3, elapsedShare: 0.4 } }))).toBe(false);
    expect(ref(facts({ m: { achievement: 0.3 } }))).toBe(false);
  });

  it('combines with all / any / not and tests flags', () => {
    const c = compileCondition({
      all: [{ any: [{ achieved: true }, { willReach: true }] }, { not: { preliminary: true } }],
    });
    expect(c(facts({ achieved: true }))).toBe(true);
    expect(c(facts({ willReach: true }))).toBe(true);
    expect(c(facts({ willReach: true, preliminary: true }))).toBe(false);
    expect(c(facts())).toBe(false);
    expect(compileCondition({ direction: 'decrease' })(facts({ direction: 'decrease' }))).toBe(true);
    expect(compileCondition({ noData: true })(facts({ noData: true }))).toBe(true);
    expect(compileCondition({ always: true })(facts())).toBe(true);
    expect(compileCondition({ all: [] })(facts())).toBe(true);
    expect(compileCondition({ any: [] })(facts())).toBe(false);
  });
});

describe('status schemes', () => {
  it('takes the first rule that matches, else the fallback', () => {
    const c = compileScheme(scheme);
    expect(matchRule(c, facts({ noData: true, m: { pace: 2 } }))).toBe(0);
    expect(matchRule(c, facts({ m: { pace: 1.2 } }))).toBe(1);
    expect(matchRule(c, facts({ m: { pace: 0.2 } }))).toBe(2);
    expect(matchRule(c, facts())).toBeNull();
    expect(c.rank.get('ok')).toBe(0);
    expect(c.rank.get('none')).toBeUndefined();
  });

  it('is plain JSON that survives a round trip', () => {
    expect(statusSchemeSchema.parse(JSON.parse(JSON.stringify(scheme)))).toEqual(scheme);
  });

  it('rejects bad schemes with the JSON path of the field', () => {
    const r = parseStatusScheme(
      {
        id: 'x',
        name: 'x',
        description: '',
        rules: [{ when: { metric: 'speed', op: '>=', value: 1 }, key: 'a', label: 'A', color: 'green' }],
        fallback: { key: 'n', label: 'N', color: '#777777' },
      },
      'scheme.json',
    );
    expect(r.ok).toBe(false);
    const fields = r.issues.map((i) => i.place?.field);
    expect(fields).toContain('rules[0].color');
    expect(fields.some((f) => f?.startsWith('rules[0].when'))).toBe(true);
    expect(r.issues[0]?.code).toBe('STATUS_SCHEME_INVALID');
    expect(r.issues[0]?.place?.file).toBe('scheme.json');
  });

  it('requires a label with every colour and one label per key', () => {
    const base = {
      id: 'x',
      name: 'x',
      description: '',
      fallback: { key: 'n', label: 'N', color: '#777777' },
    };
    expect(
      statusSchemeSchema.safeParse({
        ...base,
        rules: [{ when: { always: true }, key: 'a', color: '#000000' }],
      }).success,
    ).toBe(false);
    expect(
      statusSchemeSchema.safeParse({
        ...base,
        rules: [
          { when: { always: true }, key: 'a', label: 'A', color: '#000000' },
          { when: { always: true }, key: 'a', label: 'B', color: '#000000' },
        ],
      }).success,
    ).toBe(false);
    expect(
      statusSchemeSchema.safeParse({
        ...base,
        order: ['zz'],
        rules: [{ when: { always: true }, key: 'a', label: 'A', color: '#000000' }],
      }).success,
    ).toBe(false);
    expect(parseStatusScheme(scheme).ok).toBe(true);
  });
});

describe('threshold comparisons', () => {
  it('count values within 1e-9 as equal', () => {
    const c = compileCondition({ metric: 'pace', op: '>=', value: 0.8 });
    expect(0.32 / 0.4 < 0.8).toBe(true);
    expect(c(facts({ m: { pace: 0.32 / 0.4 } }))).toBe(true);
    expect(
      compileCondition({ metric: 'pace', op: '<', value: 0.8 })(facts({ m: { pace: 0.32 / 0.4 } })),
    ).toBe(false);
    expect(c(facts({ m: { pace: 0.7999 } }))).toBe(false);
    const nonNegative = compileCondition({ metric: 'cagrRatio', op: '>=', value: 0 });
    expect(nonNegative(facts({ m: { cagrRatio: -1e-12 } }))).toBe(false);
    expect(nonNegative(facts({ m: { cagrRatio: 0 } }))).toBe(true);
  });
});
