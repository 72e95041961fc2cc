/**
 * Lineage of indicators across periods (第2期 → 第3期): each indicator of the newer period linked
 * to the one it continues, by the same row, a marker (`2(4)から移動`), or the same name (exact,
 * without bracketed notes, or close), with `continued` or `changed`.
 */
import type { Indicator } from '../interchange.ts';
import type { Ctx } from './context.ts';
import { normalizeKey, similarity, similarityOfKeys } from './text.ts';

/** Strips bracketed notes from an indicator name for comparing across periods. */
function baseName(name: string): string {
  return normalizeKey(name.normalize('NFKC').replace(/[(（][^)）]*[)）]/gu, ''));
}

/** `baseName` and `normalizeKey` of indicator names, each computed once per name while linking. */
interface NameKeys {
  base: Map<string, string>;
  key: Map<string, string>;
}

function baseOf(keys: NameKeys, name: string): string {
  let b = keys.base.get(name);
  if (b === undefined) {
    b = baseName(name);
    keys.base.set(name, b);
  }
  return b;
}

function keyOfName(keys: NameKeys, name: string): string {
  let k = keys.key.get(name);
  if (k === undefined) {
    k = normalizeKey(name);
    keys.key.set(name, k);
  }
  return k;
}

/** Links indicators of a newer period to the ones they continue (same row / same name / marker). */
export function resolveLineage(ctx: Ctx): void {
  if (ctx.lineage.length === 0) return;
  const gens = [...new Set(ctx.lineage.map((r) => r.generation).filter((g): g is number => g != null))].sort(
    (a, b) => a - b,
  );
  if (gens.length < 2) return;
  const oldGen = gens[0]!;
  const byId = new Map(ctx.indicators.map((i) => [i.id, i] as const));
  const olds = ctx.lineage.filter((r) => r.generation === oldGen).map((r) => byId.get(r.indicatorId)!);
  // The older indicators by owner, in order: a new indicator is compared with its owner's only.
  const oldsOf = new Map<string | undefined, Indicator[]>();
  for (const o of olds) {
    const list = oldsOf.get(o.owner?.id);
    if (list) list.push(o);
    else oldsOf.set(o.owner?.id, [o]);
  }
  const keys: NameKeys = { base: new Map(), key: new Map() };
  const taken = new Set<string>();
  const news = ctx.lineage.filter((r) => r.generation !== oldGen);
  for (const req of news) {
    const ind = byId.get(req.indicatorId);
    if (!ind) continue;
    const same = req.sameRowOldId ? byId.get(req.sameRowOldId) : undefined;
    if (req.marker?.change === 'moved_from') {
      const fromMeasure = ctx.measures.find((m) => m.code === req.marker!.code);
      const pool = olds.filter((o) => !fromMeasure || o.owner?.id === fromMeasure.id);
      const best = bestMatch(keys, ind, pool.length > 0 ? pool : olds, 0.5);
      setLineage(taken, ind, 'moved', best, req.marker.raw);
      continue;
    }
    const base = baseOf(keys, ind.name);
    const siblings = oldsOf.get(ind.owner?.id) ?? [];
    let exact: Indicator | null = same && baseOf(keys, same.name) === base ? same : null;
    if (!exact)
      for (const o of siblings)
        if (!taken.has(o.id) && baseOf(keys, o.name) === base) {
          exact = o;
          break;
        }
    if (exact) {
      setLineage(
        taken,
        ind,
        keyOfName(keys, exact.name) === keyOfName(keys, ind.name) ? 'continued' : 'changed',
        exact,
        null,
      );
      continue;
    }
    if (same && similarity(baseOf(keys, same.name), base) >= 0.5) {
      setLineage(taken, ind, 'changed', same, null);
      continue;
    }
    const near = bestMatch(
      keys,
      ind,
      siblings.filter((o) => !taken.has(o.id)),
      0.75,
    );
    if (near) setLineage(taken, ind, 'changed', near, null);
    else setLineage(taken, ind, 'new', null, null);
  }
}

function setLineage(
  taken: Set<string>,
  ind: Indicator,
  change: 'continued' | 'changed' | 'moved' | 'new',
  pred: Indicator | null,
  raw: string | null,
): void {
  ind.lineage = { change, predecessorId: pred?.id ?? null, raw };
  if (pred) taken.add(pred.id);
}

function bestMatch(keys: NameKeys, ind: Indicator, pool: Indicator[], threshold: number): Indicator | null {
  let best: Indicator | null = null;
  let score = threshold;
  const base = baseOf(keys, ind.name);
  const key = keyOfName(keys, ind.name);
  for (const o of pool) {
    const s = baseOf(keys, o.name) === base ? 1 : similarityOfKeys(keyOfName(keys, o.name), key);
    if (s >= score) {
      best = o;
      score = s;
    }
  }
  return best;
}
