/**
 * A seeded pseudo-random generator (mulberry32): the same numbers on every machine, so demo data
 * and benchmark data sets are reproducible. Not for anything secret.
 *
 * @example const r = seededRandom(42); r() // 0.6011037519201636, always
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
