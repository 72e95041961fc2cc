/**
 * Search by reading: the first readings of a strategy's names (a worker loads the analyser's
 * dictionary, reads them and ends) and the same names again (the cache), with the process's
 * resident memory before, while the worker's readings are held, and after it ended.
 */
import { readingsOf } from '../src/services/figures/readings.ts';
import { fmt, memoryMb } from './util.ts';

const WORDS = [
  '人口',
  '社会増減',
  '観光入込客',
  '移住相談',
  '新規就農者',
  '待機児童',
  '合計特殊出生率',
  '健康寿命',
];
const SUFFIX = ['数', '件数', 'の割合', '率', '額'];

export async function run(): Promise<void> {
  const names: string[] = [];
  for (let i = 0; names.length < 1000; i++)
    names.push(`${WORDS[i % WORDS.length]}${SUFFIX[i % SUFFIX.length]}（第${i + 1}期）`);
  const before = memoryMb();
  let t0 = performance.now();
  const first = await readingsOf(names);
  const cold = performance.now() - t0;
  const during = memoryMb();
  t0 = performance.now();
  await readingsOf(names);
  const warm = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 500));
  (globalThis as { gc?: () => void }).gc?.();
  const after = memoryMb();
  console.log(`readings of ${first.size} names, first (worker loads the dictionary): ${fmt(cold)} ms`);
  console.log(`the same names again (cache): ${fmt(warm, 2)} ms`);
  console.log(
    `rss MB: before ${fmt(before.rss)}, after the first ${fmt(during.rss)}, 0.5 s later ${fmt(after.rss)} (the worker's dictionary is not kept)`,
  );
  console.log(`example: 人口数（第1期） → ${first.get(names[0]!)}`);
}
