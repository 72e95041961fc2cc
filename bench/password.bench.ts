/**
 * The password strength estimate (zxcvbn-ts, on the event loop) on crafted passwords: CPU per
 * check of repeats of digits, symbols, dates and l33t at 64–1,000 characters, through the policy
 * (`checkPasswordPolicy`: over 128 characters refused before estimating, then the first
 * ESTIMATED_LENGTH characters read) beside the estimator unbounded (its defaults: 256 characters,
 * 100 l33t substitutions); then a burst of 20 checks at once and the event loop's longest stall.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { checkPasswordPolicy, ESTIMATED_LENGTH } from '../src/services/accounts/auth-password.ts';
import { fmt } from './util.ts';

const UNITS: Record<string, string> = {
  'l33t (p4$$w0rd)': 'p4$$w0rd',
  'symbols and digits (aA1!)': 'aA1!',
  'digits (1234567890)': '1234567890',
  'dates (19871231)': '19871231',
  'mixed l33t (4@8(6#1!|0$5+7%2)': '4@8(6#1!|0$5+7%2',
  'letter (a)': 'a',
};
const LENGTHS = [64, 128, 256, 1000];

const crafted = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const cpuMs = () => process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;

/** CPU milliseconds of `f` (best of 2 after a warm-up run). */
async function cost(f: () => unknown): Promise<number> {
  await f();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 2; i++) {
    const t = cpuMs();
    await f();
    best = Math.min(best, cpuMs() - t);
  }
  return best;
}

export async function run(): Promise<void> {
  await checkPasswordPolicy('warm up the estimator 2026', null);
  console.log(
    `CPU ms per check (best of 2): through the policy (first ${ESTIMATED_LENGTH} characters estimated) / the estimator unbounded`,
  );
  const policy: Record<string, number[]> = {};
  for (const [label, unit] of Object.entries(UNITS))
    policy[label] = await Promise.all(
      LENGTHS.map((n) => cost(() => checkPasswordPolicy(crafted(unit, n), 'sato-k'))),
    );

  // A burst: 20 checks at once; the event loop's longest stall while they run.
  const burst = Object.values(UNITS).flatMap((u) => [crafted(u, 100), crafted(u, 128), crafted(u, 64)]);
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  await Promise.all(burst.slice(0, 20).map((p) => checkPasswordPolicy(p, 'sato-k')));
  const burstMs = performance.now() - t0;
  h.disable();

  // The estimator with its defaults (after the policy's figures: the options are process-wide).
  const { zxcvbn, zxcvbnOptions } = await import('@zxcvbn-ts/core');
  zxcvbnOptions.setOptions({ l33tMaxSubstitutions: 100, maxLength: 256 });
  for (const [label, unit] of Object.entries(UNITS)) {
    const raw: number[] = [];
    for (const n of LENGTHS)
      raw.push(n > 256 ? Number.NaN : await cost(() => zxcvbn(crafted(unit, n), ['sato-k'])));
    console.log(
      `  ${label.padEnd(32)} ${LENGTHS.map((n, i) => `${n}: ${fmt(policy[label]![i]!, 1)} / ${Number.isNaN(raw[i]!) ? '(256 read)' : fmt(raw[i]!, 0)}`).join(', ')}`,
    );
  }
  console.log(
    `burst of 20 crafted checks at once (64–128 characters): ${fmt(burstMs, 0)} ms in all; event loop stall max ${fmt(h.max / 1e6, 1)} ms, p99 ${fmt(h.percentile(99) / 1e6, 1)} ms`,
  );
}
