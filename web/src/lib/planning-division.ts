import { PLANNING_DIVISION_NEUTRAL, planningDivisionName } from '../../../src/core/reporting-round.ts';
import type { MunicipalityItem, Page } from '../api/types.ts';
import { useApi } from './use-api.ts';

/**
 * What a municipality calls its planning division (経営戦略課, 企画課…) for the messages that name
 * it, from the municipalities the person may see; the neutral 企画担当課 when it is not set, not
 * known yet, or no municipality is given. `wanted` false: nothing is read (the message is not shown).
 *
 * @example usePlanningDivision(me?.municipalityId ?? null) // '経営戦略課'
 */
export function usePlanningDivision(municipalityId: string | null, wanted = true): string {
  const list = useApi<Page<MunicipalityItem>>(wanted && municipalityId ? '/api/municipalities' : null);
  if (!municipalityId) return PLANNING_DIVISION_NEUTRAL;
  const own = list.data?.items.find((m) => m.id === municipalityId)?.planningDivision ?? null;
  return planningDivisionName(own);
}
