import { useApp } from '../../app-context.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';

/** The reporting round of the year shown (GET /api/strategies/:id/rounds/:fiscalYear), as the grid uses it. */
export interface YearRound {
  state: string;
  deadline: string;
  confirmedAt: string | null;
  /** What the municipality calls its planning division (企画担当課 when it has not said). */
  planningDivision: string;
  parts: { departmentName: string; state: string; deadline: string }[];
  exceptions: { indicatorId: string; closedAt: string | null }[];
  indicators: { indicatorId: string; name: string }[];
}
export const LOCKED_ROUND = ['confirmed', 'published'];

/**
 * What the round says about the year before anyone types: confirmed (locked, with the indicators
 * reopened as exceptions), or open with the department's answer and whether it still takes edits.
 */
export function RoundNotice({ round, department }: { round: YearRound; department: string }) {
  const { t } = useApp();
  const state = t(`round_${round.state}` as MessageKey);
  if (LOCKED_ROUND.includes(round.state)) {
    const reopened = round.exceptions
      .filter((x) => !x.closedAt)
      .map((x) => round.indicators.find((i) => i.indicatorId === x.indicatorId)?.name ?? x.indicatorId);
    return (
      <div class="card notice-locked" role="note" data-testid="entry-round" data-round-state={round.state}>
        <p>
          {t('entryRoundLocked', {
            state,
            date: (round.confirmedAt ?? '').slice(0, 10),
            division: round.planningDivision,
          })}
        </p>
        {reopened.length ? <p>{t('entryRoundReopened', { names: reopened.join('、') })}</p> : null}
      </div>
    );
  }
  const part = round.parts.find((p) => p.departmentName === department);
  if (!part) return null;
  const partState = t(`part_${part.state}` as MessageKey);
  return (
    <div class="card" role="note" data-testid="entry-round" data-round-state={round.state}>
      <p>{t('entryRoundPart', { deadline: part.deadline, state: partState })}</p>
      {part.state === 'returned' ? <p>{t('entryRoundPartLocked', { state: partState })}</p> : null}
      {part.state === 'submitted' || part.state === 'approved' ? (
        <p>{t('entryRoundPartClosed', { state: partState, division: round.planningDivision })}</p>
      ) : null}
    </div>
  );
}
