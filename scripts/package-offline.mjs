// Builds a release package for a server without internet access (LGWAN, a closed city network):
// the server/CLI bundle, the built web app, production node_modules with better-sqlite3's native
// binary for this platform and Node.js ABI, the docs and the deployment files, as one .tar.gz.
// Run on a connected machine of the same OS, CPU and Node.js major version as the target:
//
//   npm ci && node scripts/package-offline.mjs [--out DIR]
//
// On the target: extract, then `node bin/sousei.js serve` (no npm, no compiler, no network).
// The package is checked before it is written: it is extracted in a temporary folder and its
// server must answer /api/health. See docs/operations.md.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'dist') } } });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const target = `${process.platform}-${process.arch}-node${process.versions.node.split('.')[0]}`;
const name = `sousei-${pkg.version}-${target}`;

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });

for (const built of ['build/cli/sousei.mjs', 'web/dist/index.html']) {
  if (!existsSync(join(root, built))) {
    console.error(
      `package-offline: ${built} がありません。先に npm run build を実行してください / run npm run build first`,
    );
    process.exit(2);
  }
}
const nativeDir = join(root, 'node_modules/better-sqlite3/build/Release');
if (!existsSync(join(nativeDir, 'better_sqlite3.node'))) {
  console.error(
    'package-offline: better-sqlite3 のネイティブモジュールがありません (npm ci を実行) / run npm ci first',
  );
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'sousei-package-'));
const stage = join(work, name);
try {
  mkdirSync(stage);
  for (const item of [
    'bin',
    'build',
    'web/dist',
    'docs',
    'deploy',
    'package.json',
    'package-lock.json',
    'README.md',
    'LICENSE',
    'SECURITY.md',
    'CHANGELOG.md',
  ]) {
    if (existsSync(join(root, item))) cpSync(join(root, item), join(stage, item), { recursive: true });
  }
  // Production dependencies only, no install scripts (they would download or compile); the native
  // SQLite binding is the one this machine already built or fetched for the same platform and ABI.
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], stage);
  cpSync(nativeDir, join(stage, 'node_modules/better-sqlite3/build/Release'), { recursive: true });

  // Check: the package serves on its own, from a copy, on an empty database.
  const check = mkdtempSync(join(tmpdir(), 'sousei-package-check-'));
  cpSync(stage, join(check, name), { recursive: true });
  await smokeTest(join(check, name), join(check, 'check.db'));
  rmSync(check, { recursive: true, force: true });

  mkdirSync(values.out, { recursive: true });
  const file = join(values.out, `${name}.tar.gz`);
  run('tar', ['-czf', file, '-C', work, name], root);
  console.log(`package-offline: ${file}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function smokeTest(dir, dbFile) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/sousei.js', 'serve', '--port', '0', '--db', dbFile, '--empty'],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, SOUSEI_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const fail = (why) => {
      child.kill('SIGKILL');
      reject(new Error(`package-offline: the packaged server failed its check: ${why}\n${out}`));
    };
    const timer = setTimeout(() => fail('no answer within 30 s'), 30_000);
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.stdout.on('data', async (d) => {
      out += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      try {
        const health = await (await fetch(`${m[1]}/api/health`)).json();
        const page = await fetch(`${m[1]}/`);
        if (health.status !== 'ok' || health.version !== pkg.version || page.status !== 200)
          return fail(`health ${JSON.stringify(health)}, web app ${page.status}`);
        console.log(
          `package-offline: check passed (${m[1]}: health ok, version ${health.version}, web app 200)`,
        );
        child.kill('SIGTERM');
        child.once('exit', () => resolvePromise());
      } catch (err) {
        fail(String(err));
      }
    });
  });
}
