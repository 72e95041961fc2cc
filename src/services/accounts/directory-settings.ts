/** Settings of the directory sign-in (read by the CLI's settings, used by services/accounts/directory.ts). */

/** LDAP connection and search settings. */
export interface LdapSettings {
  url: string;
  /** Service account used to find users; null = anonymous search. */
  bindDn: string | null;
  bindPassword: string | null;
  baseDn: string;
  /** `{user}` is replaced by the escaped name typed at sign-in. */
  userFilter: string;
  /** Attribute holding the Sousei user name (sAMAccountName on Active Directory). */
  loginAttribute: string;
  /** Where to look for groups with `member=<user DN>` (directories without memberOf); null = memberOf only. */
  groupBaseDn: string | null;
  timeoutMs: number;
}

/** Active Directory defaults: sAMAccountName or UPN, enabled accounts only. */
export const AD_USER_FILTER =
  '(&(objectClass=user)(|(sAMAccountName={user})(userPrincipalName={user}))(!(userAccountControl:1.2.840.113556.1.4.803:=2)))';
