// Builds the offline release for a server without internet access (LGWAN, a closed city network):
// the server/CLI bundle, the built web app, production node_modules with better-sqlite3's native
// binary for this platform and Node.js ABI, a Node.js runtime of the same version (so the target
// needs no Node.js of its own), the docs and the deployment files, as one .tar.gz.
// Run on a connected machine of the same OS and CPU as the target:
//
//   npm ci && npm run release [-- --out DIR] [-- --without-node]
//
// writes release/sousei-<version>-<platform>-<arch>.tar.gz, which unpacks to one folder
// sousei-<version>-<platform>-<arch>/ whose bin/sousei takes the same commands as `npx sousei`
// (bin/sousei serve --port P --db FILE). The archive is checked before it is written: a copy is
// unpacked in a temporary folder and its server must answer /api/health. See docs/operations.md.
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(root, 'release') },
    'without-node': { type: 'boolean', default: false },
  },
});
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const arch = process.arch === 'x64' ? 'x64' : process.arch;
const target = `${process.platform === 'win32' ? 'win' : process.platform}-${arch}`;
const name = `sousei-${pkg.version}-${target}`;
const say = (text) => console.log(`release: ${text}`);

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });

for (const built of ['build/cli/sousei.mjs', 'web/dist/index.html']) {
  if (!existsSync(join(root, built))) {
    console.error(
      `release: ${built} がありません。先に npm run build を実行してください / run npm run build first`,
    );
    process.exit(2);
  }
}
const nativeDir = join(root, 'node_modules/better-sqlite3/build/Release');
if (!existsSync(join(nativeDir, 'better_sqlite3.node'))) {
  console.error(
    'release: better-sqlite3 のネイティブモジュールがありません (npm ci を実行) / run npm ci first',
  );
  process.exit(2);
}

// The start script: the bundled runtime when present, else the Node.js on PATH.
const START_SH = `#!/bin/sh
# Sousei ${pkg.version}: runs the same commands as \`npx sousei\` (serve, backup, import, ...).
here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
if [ -x "$here/node/bin/node" ]; then node="$here/node/bin/node"; else node=node; fi
exec "$node" "$here/bin/sousei.js" "$@"
`;
const START_CMD = `@echo off\r
rem Sousei ${pkg.version}: runs the same commands as npx sousei (serve, backup, import, ...).\r
set "here=%~dp0.."\r
if exist "%here%\\node\\node.exe" ("%here%\\node\\node.exe" "%here%\\bin\\sousei.js" %*) else (node "%here%\\bin\\sousei.js" %*)\r
`;

const work = mkdtempSync(join(tmpdir(), 'sousei-release-'));
const stage = join(work, name);
try {
  mkdirSync(stage);
  for (const item of [
    'bin/sousei.js',
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
  writeFileSync(join(stage, 'bin/sousei'), START_SH);
  chmodSync(join(stage, 'bin/sousei'), 0o755);
  writeFileSync(join(stage, 'bin/sousei.cmd'), START_CMD);
  // Production dependencies only, no install scripts (they would download or compile); the native
  // SQLite binding is the one this machine already built or fetched for the same platform and ABI.
  say('production dependencies (npm ci --omit=dev --ignore-scripts)');
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], stage);
  cpSync(nativeDir, join(stage, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
  if (!values['without-node']) {
    // The runtime that built the native binding, so its ABI matches on the target.
    const dest = process.platform === 'win32' ? join(stage, 'node/node.exe') : join(stage, 'node/bin/node');
    mkdirSync(resolve(dest, '..'), { recursive: true });
    cpSync(process.execPath, dest);
    chmodSync(dest, 0o755);
    writeFileSync(
      join(stage, 'node/VERSION'),
      `Node.js ${process.version} (${process.platform}-${process.arch}), copied from the build machine; license: https://nodejs.org/en/about/previous-releases\n`,
    );
  }
  writeFileSync(
    join(stage, 'RELEASE.txt'),
    [
      `Sousei ${pkg.version} (${target}${values['without-node'] ? ', without Node.js' : `, Node.js ${process.version}`})`,
      '',
      '起動 / start:   bin/sousei serve --port 3000 --db data/sousei.db',
      '初期化 / empty: bin/sousei serve --empty',
      '詳しくは docs/operations.md / see docs/operations.md',
      '',
    ].join('\n'),
  );

  // Check: the archive's server starts on its own, from a copy, on an empty database.
  const check = mkdtempSync(join(tmpdir(), 'sousei-release-check-'));
  cpSync(stage, join(check, name), { recursive: true });
  await smokeTest(join(check, name), join(check, 'check.db'));
  rmSync(check, { recursive: true, force: true });

  mkdirSync(values.out, { recursive: true });
  const file = join(values.out, `${name}.tar.gz`);
  run('tar', ['-czf', file, '-C', work, name], root);
  say(file);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function smokeTest(dir, dbFile) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(dir, 'bin/sousei'), ['serve', '--port', '0', '--db', dbFile, '--empty'], {
      cwd: dir,
      env: { PATH: process.env.PATH, SOUSEI_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const fail = (why) => {
      child.kill('SIGKILL');
      reject(new Error(`release: the packaged server failed its check: ${why}\n${out}`));
    };
    const timer = setTimeout(() => fail('no answer within 60 s'), 60_000);
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
        say(`check passed (${m[1]}: health ok, version ${health.version}, web app 200)`);
        child.kill('SIGTERM');
        child.once('exit', () => resolvePromise());
      } catch (err) {
        fail(String(err));
      }
    });
  });
}
