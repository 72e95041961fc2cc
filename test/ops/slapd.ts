/**
 * A real OpenLDAP server (Debian's slapd) for the directory sign-in tests: its own configuration,
 * database and port in a temporary folder, loaded from an LDIF with slapadd, listening on
 * 127.0.0.1 only, stopped afterwards. The password policy overlay is loaded so that an account
 * can be locked in the directory (pwdAccountLockedTime), as administrators do on OpenLDAP.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SLAPD = '/usr/sbin/slapd';
export const SLAPADD = '/usr/sbin/slapadd';

export function slapdPresent(): boolean {
  return existsSync(SLAPD) && existsSync(SLAPADD) && existsSync('/usr/lib/ldap/back_mdb.so');
}

export interface TestDirectory {
  url: string;
  suffix: string;
  rootDn: string;
  rootPassword: string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startSlapd(suffix: string, ldif: string): Promise<TestDirectory> {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-slapd-'));
  mkdirSync(join(dir, 'db'));
  const rootDn = `cn=admin,${suffix}`;
  const rootPassword = 'directory-admin-secret';
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'include /etc/ldap/schema/nis.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload ppolicy',
      `pidfile ${join(dir, 'slapd.pid')}`,
      `argsfile ${join(dir, 'slapd.args')}`,
      'database mdb',
      'maxsize 10485760',
      `suffix "${suffix}"`,
      `rootdn "${rootDn}"`,
      `rootpw ${rootPassword}`,
      `directory ${join(dir, 'db')}`,
      'overlay ppolicy',
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by * read',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'data.ldif'), ldif);
  execFileSync(SLAPADD, ['-f', conf, '-l', join(dir, 'data.ldif')], { stdio: 'pipe' });
  let child: ChildProcess | null = null;
  let port = 0;
  for (let attempt = 0; attempt < 10 && !child; attempt++) {
    port = 20000 + Math.floor(Math.random() * 20000);
    if (await portOpen(port)) continue;
    const c = spawn(SLAPD, ['-f', conf, '-h', `ldap://127.0.0.1:${port}/`, '-d', '0'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await portOpen(port)) {
        child = c;
        break;
      }
      if (c.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!child) c.kill('SIGKILL');
  }
  if (!child) throw new Error(`slapd did not start (config ${conf})`);
  const running = child;
  return {
    url: `ldap://127.0.0.1:${port}`,
    suffix,
    rootDn,
    rootPassword,
    async stop() {
      running.kill('SIGTERM');
      await new Promise((r) => (running.exitCode !== null ? r(null) : running.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
