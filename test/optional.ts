/**
 * The optional dependencies of the test suite (PostgreSQL, chromium, the shared reference
 * documents) and the one rule for them: present → the tests run; absent on a developer's machine
 * → they skip with a printed reason and the fix; absent in CI → the test file fails, so that a
 * missing dependency can never pass silently there.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Whether the tests run in CI: any non-empty `CI` except `false` (`CI=1`, `CI=true`, `CI=yes`). */
export function inCi(env: Record<string, string | undefined> = process.env): boolean {
  const v = env.CI;
  return v !== undefined && v !== '' && v !== 'false';
}

/**
 * Whether the tests that need `what` run. Present → true. Absent → outside CI false (printing
 * `fix`), in CI an error naming what is missing and the fix.
 */
export function needs(
  what: string,
  present: boolean,
  fix: string,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (present) return true;
  const message = `${what} is missing (${fix})`;
  if (inCi(env)) throw new Error(`${message}: required in CI (CI=${env.CI})`);
  console.warn(`[sousei tests] skipped: ${message}; in CI this fails`);
  return false;
}

/** The shared reference documents (tab-separated text of real municipal PDFs), beside the repository. */
export const REFERENCE_DIR = fileURLToPath(new URL('../../shared/fixtures/reference/', import.meta.url));

/** Whether the reference documents are there (see `needs`). */
export function referenceDocuments(): boolean {
  return needs(
    `the reference documents (${REFERENCE_DIR})`,
    existsSync(REFERENCE_DIR),
    'check out the shared folder beside the repository',
  );
}

export const CHROMIUM = '/usr/bin/chromium';

/** Whether chromium is there for the browser and print tests (see `needs`). */
export function chromiumPresent(): boolean {
  return needs(`chromium (${CHROMIUM})`, existsSync(CHROMIUM), 'apt-get install chromium');
}
