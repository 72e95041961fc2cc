/**
 * The offline release (`npm run release`): the archive unpacks to one folder whose `bin/sousei`
 * starts the server to health on a machine with no network at all (a new network namespace holding
 * only its own loopback: no registry, no DNS, no route out) and no Node.js of its own on PATH.
 *
 * A backup is then written from the unpacked folder (by a worker thread: the bundled worker entry
 * beside the server bundle loads there).
 *
 * Needs the built bundle and web app (`npm test` builds them first) and `unshare` (util-linux) with
 * the right to make a network namespace (root, or user namespaces).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { needs } from './optional.ts';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const built = needs(
  'the built bundle and web app',
  existsSync(join(root, 'build/cli/sousei.mjs')) && existsSync(join(root, 'web/dist/index.html')),
  'npm run build',
);
const canIsolate = needs(
  'a network namespace (unshare -rn)',
  spawnSync('unshare', ['-rn', 'true']).status === 0,
  'run as root or allow user namespaces',
);

describe.skipIf(!built || !canIsolate || process.platform !== 'linux')('offline release', () => {
  const work = mkdtempSync(join(tmpdir(), 'sousei-release-test-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('unpacks to one folder whose bin/sousei serves /api/health with the network blocked', () => {
    const out = join(work, 'out');
    execFileSync(process.execPath, ['scripts/release.mjs', '--out', out], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const name = `sousei-${pkg.version}-linux-${process.arch}`;
    expect(readdirSync(out)).toEqual([`${name}.tar.gz`]);
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', join(out, `${name}.tar.gz`), '-C', unpacked]);
    expect(readdirSync(unpacked)).toEqual([name]);
    const dir = join(unpacked, name);
    for (const f of [
      'bin/sousei',
      'bin/sousei.cmd',
      'node/bin/node',
      'build/cli/sousei.mjs',
      'web/dist/index.html',
    ])
      expect(existsSync(join(dir, f)), f).toBe(true);
    expect(existsSync(join(dir, 'src')), 'no TypeScript sources in the release').toBe(false);

    // Inside a namespace with nothing but loopback: prove the network is gone, start the server
    // through bin/sousei with PATH holding no Node.js, and read its health from inside.
    const probe = `
      const tryOut = await fetch('http://1.1.1.1/', { signal: AbortSignal.timeout(3000) }).then(() => 'reached', (e) => 'blocked');
      let health = null;
      for (let i = 0; i < 240 && !health; i++) {
        try { health = await (await fetch('http://127.0.0.1:39871/api/health')).json(); }
        catch { await new Promise((r) => setTimeout(r, 250)); }
      }
      const page = health ? (await fetch('http://127.0.0.1:39871/')).status : 0;
      console.log(JSON.stringify({ tryOut, health, page }));`;
    const script = `
      ip link set lo up 2>/dev/null || true
      bin/sousei serve --port 39871 --db "$PWD/data/offline.db" --empty >serve.log 2>&1 &
      server=$!
      node/bin/node --input-type=module -e "$PROBE"
      kill $server; wait $server 2>/dev/null
      # A backup is written by a worker thread of the pool: the bundled worker entry must load.
      bin/sousei backup --db "$PWD/data/offline.db" --dir "$PWD/backups" 2>backup.log
      echo "backup exit $?"
      exit 0`;
    const noNode = join(work, 'no-node');
    mkdirSync(noNode);
    writeFileSync(join(noNode, 'node'), '#!/bin/sh\necho "no Node.js on this machine" >&2\nexit 127\n', {
      mode: 0o755,
    });
    const result = spawnSync('/usr/bin/unshare', ['-rn', 'sh', '-c', script], {
      cwd: dir,
      env: {
        // A "node" first on PATH that only fails: the release must use its own runtime.
        PATH: `${noNode}:/usr/sbin:/usr/bin:/sbin:/bin`,
        PROBE: probe,
        npm_config_registry: 'http://127.0.0.1:9/',
        HOME: work,
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const log = existsSync(join(dir, 'serve.log')) ? readFileSync(join(dir, 'serve.log'), 'utf8') : '';
    expect(result.status, `${result.stderr}\n${log}`).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(
      lines.at(-1),
      existsSync(join(dir, 'backup.log')) ? readFileSync(join(dir, 'backup.log'), 'utf8') : '',
    ).toBe('backup exit 0');
    expect(readdirSync(join(dir, 'backups')).filter((f) => /^sousei-backup-.*\.json$/.test(f))).toHaveLength(
      1,
    );
    const seen = JSON.parse(lines.at(-2) ?? '{}');
    expect(seen.tryOut).toBe('blocked');
    expect(seen.health).toMatchObject({ status: 'ok', version: pkg.version });
    expect(seen.page).toBe(200);
  }, 600_000);
});
