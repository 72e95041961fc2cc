/**
 * Re-importing into an existing strategy (取込による更新): which indicators of the file are new,
 * which are already there (matched by name) and which of their figures are new, changed or the
 * same — computed before anything is written, shown to the person importing, then applied as is.
 */

import type { Figure, Indicator } from '../interchange.ts';
import { normalizeKey } from './text.ts';

/** An indicator already stored in the strategy, with its figures. */
export interface ExistingIndicator {
  id: string;
  name: string;
  baseline: Figure | null;
  target: Figure | null;
  actuals: Figure[];
}

/** What happens to one figure. `before` is the stored one (null: new). */
export interface FigureChange {
  kind: 'baseline' | 'target' | 'actual';
  fiscalYear: number | null;
  before: { value: number | null; raw: string | null } | null;
  after: { value: number | null; raw: string | null };
  change: 'new' | 'changed' | 'unchanged';
}

/** What happens to one indicator of the file. */
export interface IndicatorChange {
  /** The indicator's id in the document. */
  ref: string;
  name: string;
  /** The stored indicator it updates (null: a new indicator). */
  existingId: string | null;
  change: 'new' | 'changed' | 'unchanged';
  figures: FigureChange[];
}

/** The whole update, with its counts. */
export interface UpdatePlan {
  indicators: IndicatorChange[];
  /** Stored indicators the file does not name: kept as they are. */
  untouched: { id: string; name: string }[];
  counts: {
    indicators: { new: number; changed: number; unchanged: number };
    figures: { new: number; changed: number; unchanged: number };
  };
}

/**
 * The key two indicator names are matched by: normalized, without bracketed notes.
 *
 * @example nameKey('転入者数（人）') === nameKey('転入者数') // true
 */
export function nameKey(name: string): string {
  return normalizeKey(name.normalize('NFKC').replace(/[(（][^)）]*[)）]/gu, '')) || normalizeKey(name);
}

function sameFigure(a: Figure, b: Figure): boolean {
  if ((a.fiscalYear ?? null) !== (b.fiscalYear ?? null)) return false;
  if (a.value != null || b.value != null) return a.value === b.value;
  return (a.raw ?? '').trim() === (b.raw ?? '').trim();
}

function figureChange(
  kind: FigureChange['kind'],
  before: Figure | null | undefined,
  after: Figure,
): FigureChange {
  return {
    kind,
    fiscalYear: after.fiscalYear ?? null,
    before: before ? { value: before.value ?? null, raw: before.raw ?? null } : null,
    after: { value: after.value ?? null, raw: after.raw ?? null },
    change: !before ? 'new' : sameFigure(before, after) ? 'unchanged' : 'changed',
  };
}

/**
 * Compares the indicators of a file with those stored in a strategy. An indicator is matched by
 * its name (each stored one at most once); its baseline and target are compared with the stored
 * ones, its actuals year by year. Nothing stored is ever removed: what the file does not name is
 * listed as untouched.
 *
 * @example
 * planUpdate([{ id: 'i1', name: '転入者数', baseline: b, target: t, actuals: [a2023] }], [doc indicator with a2023, a2024])
 * // { indicators: [{ existingId: 'i1', change: 'changed', figures: [..., { kind: 'actual', fiscalYear: 2024, change: 'new' }] }], ... }
 */
export function planUpdate(
  existing: readonly ExistingIndicator[],
  incoming: readonly Indicator[],
): UpdatePlan {
  const byKey = new Map<string, ExistingIndicator[]>();
  for (const e of existing) {
    const k = nameKey(e.name);
    const list = byKey.get(k);
    if (list) list.push(e);
    else byKey.set(k, [e]);
  }
  const used = new Set<string>();
  const counts: UpdatePlan['counts'] = {
    indicators: { new: 0, changed: 0, unchanged: 0 },
    figures: { new: 0, changed: 0, unchanged: 0 },
  };
  const indicators: IndicatorChange[] = [];
  for (const ind of incoming) {
    const match = (byKey.get(nameKey(ind.name)) ?? []).find((e) => !used.has(e.id)) ?? null;
    if (match) used.add(match.id);
    const figures: FigureChange[] = [];
    if (ind.baseline) figures.push(figureChange('baseline', match?.baseline, ind.baseline));
    if (ind.target) figures.push(figureChange('target', match?.target, ind.target));
    for (const a of ind.actuals) {
      if (a.fiscalYear == null) continue;
      figures.push(
        figureChange(
          'actual',
          match?.actuals.find((x) => x.fiscalYear === a.fiscalYear),
          a,
        ),
      );
    }
    for (const f of figures) counts.figures[f.change]++;
    const change = !match ? 'new' : figures.some((f) => f.change !== 'unchanged') ? 'changed' : 'unchanged';
    counts.indicators[change]++;
    indicators.push({ ref: ind.id, name: ind.name, existingId: match?.id ?? null, change, figures });
  }
  const untouched = existing.filter((e) => !used.has(e.id)).map((e) => ({ id: e.id, name: e.name }));
  return { indicators, untouched, counts };
}
