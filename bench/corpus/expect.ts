/**
 * Building the truth of a case from a known strategy: an indicator as a layout wrote it (which
 * fields, which actual years), its parent, and the measures under their goals.
 */
import { inBaseUnits } from './strategy.ts';
import type { ExpectedIndicator, ExpectedPlaced, KnownIndicator, KnownStrategy } from './types.ts';

/** What a layout wrote of an indicator. */
export interface Written {
  baseline?: boolean;
  target?: boolean;
  /** Years of the actuals written (a year whose figure is missing must stay missing). */
  actualYears?: number[];
  department?: boolean;
  /** The layout places the indicator under its owner (a measure row, a section line, a column). */
  parent?: boolean;
}

/** The name of an indicator's owner in the strategy. */
export function ownerName(s: KnownStrategy, ind: KnownIndicator): string {
  const { kind, code } = ind.owner;
  const list = kind === 'goal' ? s.goals : kind === 'measure' ? s.measures : s.projects;
  return list.find((x) => x.code === code)!.name;
}

/** The expected reading of an indicator, given what the layout wrote of it. */
export function expectIndicator(s: KnownStrategy, ind: KnownIndicator, w: Written): ExpectedIndicator {
  const out: ExpectedIndicator = { name: ind.name };
  if (w.baseline !== false) out.baseline = inBaseUnits(ind.baseline, ind.unit);
  if (w.target !== false) out.target = inBaseUnits(ind.target, ind.unit);
  if (w.actualYears && w.actualYears.length > 0)
    out.actuals = w.actualYears.map((year) =>
      inBaseUnits({ year, value: ind.actuals.find((a) => a.year === year)?.value ?? null }, ind.unit),
    );
  if (w.department) out.department = ind.department;
  if (w.parent) out.parent = { kind: ind.owner.kind, name: ownerName(s, ind) };
  return out;
}

/** The measures that own one of `inds`, each under its goal. */
export function expectMeasures(s: KnownStrategy, inds: KnownIndicator[]): ExpectedPlaced[] {
  return s.measures
    .filter((m) => inds.some((i) => i.owner.kind === 'measure' && i.owner.code === m.code))
    .map((m) => ({
      name: m.name,
      parent: { kind: 'goal', name: s.goals.find((g) => g.code === m.goal)!.name },
    }));
}

/** Fiscal years of the strategy's period. */
export function periodYears(s: KnownStrategy): number[] {
  const out: number[] = [];
  for (let y = s.period.from; y <= s.period.to; y++) out.push(y);
  return out;
}
