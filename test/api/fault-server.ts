/**
 * `sousei serve` with a trap at SQLite's COMMIT, for the fault test: the COMMIT of the first
 * transaction that inserts a strategy (an import commit) freezes the process just before the
 * COMMIT runs or just after it (`SOUSEI_FAULT_AT=before-commit|after-commit`), and says so on
 * stdout (`fault: frozen before-commit`), so that the test kills it at a point it knows.
 * Arguments are those of `sousei serve`.
 */
import { writeSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { main } from '../../src/cli/main.ts';

const at = process.env.SOUSEI_FAULT_AT;
if (at !== 'before-commit' && at !== 'after-commit')
  throw new Error(`SOUSEI_FAULT_AT must be before-commit or after-commit, not ${at}`);

/** Announces the point and blocks the whole process (event loop included) until it is killed. */
function freeze(): void {
  writeSync(1, `fault: frozen ${at}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

let armed = false;
const prepare = SQLite.prototype.prepare;
SQLite.prototype.prepare = function trapped(this: SQLite.Database, source: string) {
  const stmt: SQLite.Statement<unknown[]> = prepare.call(this, source);
  if (/^insert into "strategies"/i.test(source)) armed = true;
  if (armed && /^commit$/i.test(source.trim())) {
    armed = false;
    const run = stmt.run;
    stmt.run = ((...params: unknown[]) => {
      if (at === 'before-commit') freeze();
      const result = run.apply(stmt, params);
      freeze();
      return result;
    }) as typeof run;
  }
  return stmt;
} as typeof prepare;

process.exitCode = await main(['serve', ...process.argv.slice(2)], {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
