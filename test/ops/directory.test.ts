/**
 * Directory sign-in against a real OpenLDAP server started by the test (slapd on 127.0.0.1):
 * a directory user signs in with the role and departments its groups map to, and gets them again
 * (updated) at the next sign-in; a locked directory account, a user of no mapped group, a wrong or
 * empty password and a filter-injection attempt cannot; the local administrator still can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import {
  type DirectoryMap,
  escapeFilterValue,
  ldapDirectory,
  mapGroups,
} from '../../src/services/accounts/directory.ts';
import { systemContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/ops/demo.ts';
import { openDb } from '../../src/store/db.ts';
import { listDepartments } from '../../src/store/departments.ts';
import { signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { needs } from '../optional.ts';
import { slapdPresent, startSlapd, type TestDirectory } from './slapd.ts';

describe('group mapping and filter escaping', () => {
  const map: DirectoryMap = {
    municipality: 'm',
    groups: [
      { group: 'CN=Sousei-Viewers,OU=Groups,DC=city,DC=local', role: 'viewer', departments: [] },
      { group: 'CN=Sousei-Planners, OU=Groups, DC=city, DC=local', role: 'planner', departments: [] },
      { group: 'kikaku-editors', role: 'editor', departments: ['企画政策課'] },
    ],
  };
  it('takes the highest role of the matching groups and the departments of all of them', () => {
    expect(
      mapGroups(map, [
        'cn=sousei-viewers,ou=groups,dc=city,dc=local',
        'CN=Kikaku-Editors,OU=Other,DC=city,DC=local',
      ]),
    ).toEqual({ role: 'editor', departments: ['企画政策課'] });
    expect(mapGroups(map, ['CN=Sousei-Planners,OU=Groups,DC=city,DC=local'])).toEqual({
      role: 'planner',
      departments: [],
    });
    expect(mapGroups(map, ['CN=Sousei-Planners,OU=Elsewhere,DC=city,DC=local'])).toBeNull();
    expect(mapGroups(map, [])).toBeNull();
  });
  it('escapes what is typed before it goes into a filter (RFC 4515)', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0')).toBe('a\\5cb\\00');
  });
});

const SUFFIX = 'dc=city,dc=example';
const PASSWORD = 'directory-pass-2026';

function ldif(department: string): string {
  const person = (uid: string, cn: string, extra: string[] = []) =>
    [
      `dn: uid=${uid},ou=people,${SUFFIX}`,
      'objectClass: inetOrgPerson',
      `uid: ${uid}`,
      `cn: ${cn}`,
      `sn: ${cn.split(' ')[0]}`,
      `displayName: ${cn}`,
      `mail: ${uid}@city.example`,
      `userPassword: ${PASSWORD}`,
      ...extra,
      '',
    ].join('\n');
  const group = (cn: string, members: string[]) =>
    [
      `dn: cn=${cn},ou=groups,${SUFFIX}`,
      'objectClass: groupOfNames',
      `cn: ${cn}`,
      ...members.map((m) => `member: uid=${m},ou=people,${SUFFIX}`),
      '',
    ].join('\n');
  return [
    [`dn: ${SUFFIX}`, 'objectClass: dcObject', 'objectClass: organization', 'o: City', 'dc: city', ''].join(
      '\n',
    ),
    [`dn: ou=people,${SUFFIX}`, 'objectClass: organizationalUnit', 'ou: people', ''].join('\n'),
    [`dn: ou=groups,${SUFFIX}`, 'objectClass: organizationalUnit', 'ou: groups', ''].join('\n'),
    person('yamada', 'Yamada Taro'),
    person('suzuki', 'Suzuki Hanako'),
    person('sato', 'Sato Jiro', ['pwdAccountLockedTime: 000001010000Z']),
    person('tanaka', 'Tanaka Saburo'),
    group('sousei-planners', ['yamada', 'sato']),
    group(`editors-${department}`, ['suzuki']),
    group('unrelated', ['tanaka']),
  ].join('\n');
}

const hasSlapd = needs('slapd (OpenLDAP server)', slapdPresent(), 'apt-get install slapd');

describe.skipIf(!hasSlapd)('sign-in through an LDAP directory (OpenLDAP)', () => {
  let directory: TestDirectory;
  let handle: Awaited<ReturnType<typeof openDb>>;
  let app: ReturnType<typeof buildServer>;
  let departmentId = '';
  let departmentName = '';

  beforeAll(async () => {
    handle = await openDb({ sqlite: { file: ':memory:' } });
    const demo = await loadDemo(handle.db, systemContext());
    if (!demo.ok) throw new Error('demo');
    const dept = (await listDepartments(handle.db, demo.value.municipalityId))[0]!;
    departmentId = dept.id;
    departmentName = dept.name;
    directory = await startSlapd(SUFFIX, ldif('kikaku'));
    const map: DirectoryMap = {
      municipality: demo.value.municipalityId,
      groups: [
        { group: `cn=sousei-planners,ou=groups,${SUFFIX}`, role: 'planner', departments: [] },
        { group: 'editors-kikaku', role: 'editor', departments: [departmentName] },
      ],
    };
    app = buildServer({
      db: handle.db,
      auth: {
        ...TEST_AUTH,
        directory: ldapDirectory(
          {
            url: directory.url,
            bindDn: directory.rootDn,
            bindPassword: directory.rootPassword,
            baseDn: `ou=people,${SUFFIX}`,
            userFilter: '(&(objectClass=inetOrgPerson)(|(uid={user})(mail={user})))',
            loginAttribute: 'uid',
            groupBaseDn: `ou=groups,${SUFFIX}`,
            timeoutMs: 5000,
          },
          map,
        ),
      },
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    await directory?.stop();
  });

  const signIn = (userName: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { userName, password } });

  it('a planner of the directory signs in with the mapped role; by mail address too', async () => {
    const res = await signIn('yamada', PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ userName: 'yamada', name: 'Yamada Taro', role: 'planner' });
    const again = await signIn('yamada@city.example', PASSWORD);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().user.id).toBe(res.json().user.id);
    const me = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: String(again.headers['set-cookie']).split(';')[0]! },
    });
    expect(me.json().user.role).toBe('planner');
  });

  it('an editor gets the departments of its group', async () => {
    const res = await signIn('suzuki', PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ role: 'editor', departmentIds: [departmentId] });
  });

  it('refuses a locked directory account, an unmapped user, wrong or empty passwords and injection', async () => {
    for (const [user, password] of [
      ['sato', PASSWORD],
      ['tanaka', PASSWORD],
      ['yamada', 'wrong-password-123'],
      ['yamada', ' '],
      ['*', PASSWORD],
      ['yamada)(uid=*', PASSWORD],
      ['nobody', PASSWORD],
    ] as const) {
      const res = await signIn(user, password);
      expect([400, 401], `${user}: ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 401) expect(res.json().error?.code).toBe('SIGN_IN_FAILED');
    }
    const users = await handle.db.selectFrom('users').select('login_name').execute();
    const names = users.map((u) => u.login_name);
    expect(names).not.toContain('sato');
    expect(names).not.toContain('tanaka');
    const reasons = await handle.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity_type', '=', 'sign-in-failure')
      .execute();
    const text = JSON.stringify(reasons);
    expect(text).toContain('no mapped group');
    expect(text).toContain('wrong password');
  });

  it('a user disabled in Sousei stays out even with a good directory password', async () => {
    await handle.db.updateTable('users').set({ disabled: 1 }).where('login_name', '=', 'yamada').execute();
    expect((await signIn('yamada', PASSWORD)).statusCode).toBe(401);
    await handle.db.updateTable('users').set({ disabled: 0 }).where('login_name', '=', 'yamada').execute();
    expect((await signIn('yamada', PASSWORD)).statusCode).toBe(200);
  });

  it('the local administrator still signs in with the local password', async () => {
    const admin = await signedInClient(app, handle.db, { role: 'admin', userName: 'local-admin' });
    const me = await admin.inject('/api/auth/me');
    expect(me.json().user).toMatchObject({ userName: 'local-admin', role: 'admin' });
  });
});
