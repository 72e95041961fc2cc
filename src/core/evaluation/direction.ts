import type { Direction } from '../interchange.ts';

/** Where the direction used by an evaluation came from. */
export type DirectionSource = 'given' | 'inferred' | 'assumed';

/**
 * The direction (方向: 増加 / 減少 / 維持) an evaluation uses, and how it was found.
 *
 * - `given`: the indicator states it.
 * - `inferred`: not stated; read from the figures (target below baseline → decrease, equal →
 *   maintain, above → increase).
 * - `assumed`: not stated and not inferable (no baseline or no target value): `increase` is
 *   assumed, because most KPIs count things a municipality wants more of, and `reason` says so.
 *
 * `conflict` is true when a given direction points away from the target (an `increase`
 * indicator whose target is below its baseline, such as a population floor while the
 * population shrinks); metrics then stay direction-aware (see metrics.ts).
 */
export interface ResolvedDirection {
  direction: Direction;
  source: DirectionSource;
  /** Stable code when the direction was not given: DIRECTION_INFERRED or DIRECTION_UNKNOWN. */
  reason: 'DIRECTION_INFERRED' | 'DIRECTION_UNKNOWN' | null;
  conflict: boolean;
}

const resolved = (
  direction: Direction,
  source: DirectionSource,
  reason: ResolvedDirection['reason'],
  conflict: boolean,
): ResolvedDirection => Object.freeze({ direction, source, reason, conflict });
// Every possible answer is one shared frozen object: resolving allocates nothing.
const GIVEN_INCREASE = resolved('increase', 'given', null, false);
const GIVEN_DECREASE = resolved('decrease', 'given', null, false);
const GIVEN_MAINTAIN = resolved('maintain', 'given', null, false);
const CONFLICT_INCREASE = resolved('increase', 'given', null, true);
const CONFLICT_DECREASE = resolved('decrease', 'given', null, true);
const INFERRED_INCREASE = resolved('increase', 'inferred', 'DIRECTION_INFERRED', false);
const INFERRED_DECREASE = resolved('decrease', 'inferred', 'DIRECTION_INFERRED', false);
const INFERRED_MAINTAIN = resolved('maintain', 'inferred', 'DIRECTION_INFERRED', false);
const ASSUMED = resolved('increase', 'assumed', 'DIRECTION_UNKNOWN', false);

/**
 * Resolves the direction of an indicator from what is given and the baseline/target values.
 *
 * @example
 * resolveDirection(null, 1563, 1602) // { direction: 'increase', source: 'inferred', reason: 'DIRECTION_INFERRED', conflict: false }
 * resolveDirection('decrease', 10, 8) // { direction: 'decrease', source: 'given', reason: null, conflict: false }
 * resolveDirection(null, null, 8) // { direction: 'increase', source: 'assumed', reason: 'DIRECTION_UNKNOWN', conflict: false }
 */
export function resolveDirection(
  given: Direction | null | undefined,
  baseline: number | null | undefined,
  target: number | null | undefined,
): ResolvedDirection {
  const both = baseline != null && target != null;
  if (given === 'increase')
    return both && (target as number) < (baseline as number) ? CONFLICT_INCREASE : GIVEN_INCREASE;
  if (given === 'decrease')
    return both && (target as number) > (baseline as number) ? CONFLICT_DECREASE : GIVEN_DECREASE;
  if (given === 'maintain') return GIVEN_MAINTAIN;
  if (!both) return ASSUMED;
  return (target as number) > (baseline as number)
    ? INFERRED_INCREASE
    : (target as number) < (baseline as number)
      ? INFERRED_DECREASE
      : INFERRED_MAINTAIN;
}

/** +1 when higher is better, −1 when lower is better, 0 for maintain. */
export function directionSign(direction: Direction): 1 | -1 | 0 {
  return direction === 'increase' ? 1 : direction === 'decrease' ? -1 : 0;
}
