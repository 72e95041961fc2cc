/**
 * Sign-in through the city's directory (Active Directory or another LDAP server): the user is
 * found with a service account by sAMAccountName or userPrincipalName (or the configured filter),
 * the password is checked by binding as that user, and the directory groups are mapped to a Sousei
 * role and departments by the city's mapping file. Local passwords stay for small towns and for the
 * local administrator: a local account with a password is always checked locally first.
 *
 * Nothing here keeps the password; a directory account has no password hash in Sousei.
 */
import { readFile } from 'node:fs/promises';
import { Client, EqualityFilter } from 'ldapts';

/** One search result (ldapts' Entry: the DN and the attributes asked for). */
type SearchEntry = { dn: string; [attribute: string]: Buffer | Buffer[] | string[] | string };

import { z } from 'zod';
import { ROLES, type Role } from '../access.ts';
import type { LdapSettings } from './directory-settings.ts';

/** One group of the directory and what its members are in Sousei. */
export interface GroupMapping {
  /** The group's DN (`CN=Sousei-Planners,OU=Groups,DC=city,DC=local`) or its CN alone. */
  group: string;
  role: Role;
  /** Department names (as in Sousei) the members belong to. */
  departments: string[];
}

/** The city's mapping file (`SOUSEI_DIRECTORY_MAP`, JSON). */
export interface DirectoryMap {
  /** The municipality directory users belong to: its id or its 6-digit 団体コード. */
  municipality: string;
  groups: GroupMapping[];
}

export const directoryMapSchema = z.strictObject({
  municipality: z.string().min(1),
  groups: z
    .array(
      z.strictObject({
        group: z.string().min(1),
        role: z.enum(ROLES as unknown as [Role, ...Role[]]),
        departments: z.array(z.string().min(1)).default([]),
      }),
    )
    .min(1),
});

/** Reads and checks the mapping file; every problem names the file and the field. */
export async function readDirectoryMap(
  file: string,
): Promise<{ ok: true; value: DirectoryMap } | { ok: false; error: string }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return {
      ok: false,
      error: `${file}: JSON として読めません / not readable as JSON (${(err as Error).message})`,
    };
  }
  const parsed = directoryMapSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      error: parsed.error.issues
        .map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('\n'),
    };
  return { ok: true, value: parsed.data };
}

/** A directory user after a successful password check. */
export interface DirectoryProfile {
  dn: string;
  loginName: string;
  name: string;
  email: string | null;
  groups: string[];
}

export type DirectoryOutcome =
  | { ok: true; profile: DirectoryProfile }
  | {
      ok: false;
      reason: 'unknown user' | 'wrong password' | 'disabled' | 'ambiguous' | 'unreachable';
      detail?: string;
    };

/** What the sign-in needs of a directory (a fake in unit tests, LDAP in production). */
export interface Directory {
  authenticate(userName: string, password: string): Promise<DirectoryOutcome>;
  map: DirectoryMap;
}

/** RFC 4515 escaping of a value put into a filter. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function first(entry: SearchEntry, attribute: string): string | null {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const v = key ? entry[key] : undefined;
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? null : Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
}

function all(entry: SearchEntry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const v = key ? entry[key] : undefined;
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return list.map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

/** An LDAP directory (Active Directory, OpenLDAP, ...). */
export function ldapDirectory(settings: LdapSettings, map: DirectoryMap): Directory {
  const client = () =>
    new Client({ url: settings.url, timeout: settings.timeoutMs, connectTimeout: settings.timeoutMs });
  return {
    map,
    async authenticate(userName, password) {
      // An empty password is an "unauthenticated bind" that LDAP servers accept: never a sign-in.
      if (password === '' || userName.trim() === '') return { ok: false, reason: 'wrong password' };
      const search = client();
      let entry: SearchEntry;
      try {
        if (settings.bindDn) await search.bind(settings.bindDn, settings.bindPassword ?? '');
        const filter = settings.userFilter.replaceAll('{user}', escapeFilterValue(userName.trim()));
        const { searchEntries } = await search.search(settings.baseDn, {
          scope: 'sub',
          filter,
          sizeLimit: 2,
          attributes: [
            'cn',
            'displayName',
            'mail',
            'memberOf',
            'userAccountControl',
            'pwdAccountLockedTime',
            settings.loginAttribute,
          ],
        });
        if (searchEntries.length === 0) return { ok: false, reason: 'unknown user' };
        if (searchEntries.length > 1) return { ok: false, reason: 'ambiguous' };
        entry = searchEntries[0]!;
      } catch (err) {
        return { ok: false, reason: 'unreachable', detail: (err as Error).message };
      } finally {
        await search.unbind().catch(() => {});
      }
      // Active Directory: ACCOUNTDISABLE (bit 2) of userAccountControl.
      const uac = Number(first(entry, 'userAccountControl') ?? '0');
      if (Number.isFinite(uac) && (uac & 2) === 2) return { ok: false, reason: 'disabled' };
      // OpenLDAP password policy: an administrator's permanent lock.
      if (first(entry, 'pwdAccountLockedTime') === '000001010000Z') return { ok: false, reason: 'disabled' };
      const asUser = client();
      try {
        await asUser.bind(entry.dn, password);
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'InvalidCredentialsError') return { ok: false, reason: 'wrong password' };
        return { ok: false, reason: 'unreachable', detail: (err as Error).message };
      } finally {
        await asUser.unbind().catch(() => {});
      }
      const groups = all(entry, 'memberOf');
      if (settings.groupBaseDn) {
        const lookup = client();
        try {
          if (settings.bindDn) await lookup.bind(settings.bindDn, settings.bindPassword ?? '');
          const { searchEntries } = await lookup.search(settings.groupBaseDn, {
            scope: 'sub',
            filter: new EqualityFilter({ attribute: 'member', value: entry.dn }),
            attributes: ['cn'],
          });
          groups.push(...searchEntries.map((g) => g.dn));
        } catch (err) {
          return { ok: false, reason: 'unreachable', detail: (err as Error).message };
        } finally {
          await lookup.unbind().catch(() => {});
        }
      }
      return {
        ok: true,
        profile: {
          dn: entry.dn,
          loginName: first(entry, settings.loginAttribute) ?? userName.trim(),
          name: first(entry, 'displayName') ?? first(entry, 'cn') ?? userName.trim(),
          email: first(entry, 'mail'),
          groups,
        },
      };
    },
  };
}

/** The CN of a DN (`CN=Sousei-Planners,OU=Groups,...` → `sousei-planners`), lower case. */
function cnOf(dn: string): string {
  const m = /^\s*cn\s*=\s*((?:\\.|[^,])+)/i.exec(dn);
  return (m ? m[1]! : dn).trim().toLowerCase();
}

const RANK: Record<Role, number> = { viewer: 0, committee: 1, editor: 2, planner: 3, admin: 4 };

/**
 * The role and department names a user's groups give: the highest role of the matching groups and
 * the departments of all of them; null when no group of the user is mapped.
 */
export function mapGroups(map: DirectoryMap, groups: string[]): { role: Role; departments: string[] } | null {
  const norm = (g: string) =>
    g
      .replace(/\s*,\s*/g, ',')
      .trim()
      .toLowerCase();
  const held = new Set(groups.map(norm));
  const heldCn = new Set(groups.map(cnOf));
  const matches = map.groups.filter((m) =>
    m.group.includes('=') ? held.has(norm(m.group)) : heldCn.has(m.group.trim().toLowerCase()),
  );
  if (matches.length === 0) return null;
  const role = matches.map((m) => m.role).reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
  return { role, departments: [...new Set(matches.flatMap((m) => m.departments))] };
}
