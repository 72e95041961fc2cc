import { type Indicator, type IndicatorRole, indicatorSchema } from '../interchange.ts';

/**
 * Builds a small synthetic indicator for tests: baseline, target and actuals as
 * [fiscalYear, value] pairs. Test helper only.
 *
 * @example indicator({ baseline: [2019, 10], target: [2024, 20], actuals: [[2021, 14]] })
 */
export function indicator(p: {
  id?: string;
  name?: string;
  unit?: string | null;
  direction?: Indicator['direction'];
  aggregation?: Indicator['aggregation'];
  tolerance?: number | null;
  role?: IndicatorRole;
  departments?: string[];
  owner?: Indicator['owner'];
  baseline?: [number | null, number | null] | null;
  target?: [number | null, number | null] | null;
  targetFrom?: number;
  actuals?: [number, number | null][];
}): Indicator {
  return indicatorSchema.parse({
    id: p.id ?? 'k1',
    name: p.name ?? '指標',
    unit: p.unit === undefined ? '件' : p.unit,
    direction: p.direction,
    aggregation: p.aggregation,
    tolerance: p.tolerance,
    role: p.role,
    departments: p.departments,
    owner: p.owner,
    baseline: p.baseline ? { fiscalYear: p.baseline[0], value: p.baseline[1] } : p.baseline,
    target: p.target
      ? {
          fiscalYear: p.target[0],
          value: p.target[1],
          ...(p.targetFrom != null ? { fromYear: p.targetFrom } : {}),
        }
      : p.target,
    actuals: (p.actuals ?? []).map(([fiscalYear, value]) => ({ fiscalYear, value })),
  });
}
