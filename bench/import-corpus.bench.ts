/**
 * The layout corpus (bench/corpus): known strategies in many layouts, read and recognized as
 * `sousei import` does, scored family by family against the ground truth. Prints the share of
 * indicators recovered with the right name, baseline, target, actuals, department and parent, of
 * measures and projects under the right parent, and the count of extra indicators; then the first
 * misses of each family.
 */
import { CORPUS_SEED, FAMILIES, formatTable, scoreFamily } from './corpus/index.ts';

export async function run(): Promise<void> {
  const seed = Number(process.env.CORPUS_SEED ?? CORPUS_SEED);
  const rows = [];
  for (const family of FAMILIES) rows.push({ family, score: await scoreFamily(family, seed) });
  console.log(`Layout corpus, seed ${seed}:`);
  console.log(formatTable(rows));
  for (const { family, score } of rows) {
    if (score.misses.length === 0) continue;
    console.log(`\n${family.id}: first misses`);
    for (const m of score.misses.slice(0, 8)) console.log(`  [${m.variant}] ${m.what}`);
  }
}
