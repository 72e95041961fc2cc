import type { MessageKey } from '../i18n/catalogue.ts';

/**
 * What an audit entry did, in words: one label per action the server records (its list is
 * `AUDIT_ACTIONS` of the audit store; test/web/catalogue.test.ts holds the two together).
 *
 * @example t(auditActionKey('exception_open')) // '例外として再開'
 */
export const AUDIT_ACTION_KEYS: Record<string, MessageKey> = {
  import: 'actionImport',
  create: 'actionCreate',
  update: 'actionUpdate',
  delete: 'actionDelete',
  override: 'actionOverride',
  restore: 'actionRestore',
  open: 'actionOpen',
  close: 'actionClose',
  reopen: 'actionReopen',
  confirm: 'actionConfirm',
  publish: 'actionPublish',
  submit: 'actionSubmit',
  return: 'actionReturn',
  approve: 'actionApprove',
  exception_open: 'actionExceptionOpen',
  exception_close: 'actionExceptionClose',
};

/** What an audit entry is about, in words (never the table's name). */
export const AUDIT_ENTITY_KEYS: Record<string, MessageKey> = {
  observation: 'entityObservation',
  commentary: 'entityCommentary',
  evaluation_override: 'entityOverride',
  opinion: 'entityOpinion',
  strategy: 'entityStrategy',
  indicator: 'entityIndicator',
  reporting_round: 'entityRound',
  round_part: 'entityRoundPart',
  round_item: 'entityRoundItem',
  round_exception: 'entityRoundException',
  period_transition: 'entityTransition',
  publication: 'entityPublication',
  import: 'entityImport',
  import_template: 'entityImportTemplate',
  status_scheme: 'entityStatusScheme',
  tag_set: 'entityTagSet',
  department: 'entityDepartment',
  municipality: 'entityMunicipality',
  user: 'entityUser',
  session: 'entitySession',
  'sign-in': 'entitySignIn',
  'sign-in-failure': 'entitySignInFailure',
  'api-token': 'entityApiToken',
  'api-token-use': 'entityApiTokenUse',
};

/** A figure's kind as stored on an observation's audit entry (目標値・基準値 revisions have their own words). */
const OBSERVATION_KINDS: Record<string, MessageKey> = {
  actual: 'entityObservation',
  target: 'entityTarget',
  baseline: 'entityBaseline',
  milestone: 'entityMilestone',
};

/** The label of an audit entry's action; `actionOther` for one this build does not know. */
export function auditActionKey(action: string): MessageKey {
  return AUDIT_ACTION_KEYS[action] ?? 'actionOther';
}

/**
 * The label of what an audit entry is about. A figure's entry says which figure (実績値, 目標値,
 * 基準値) and whether it was a late figure (遅れて届いた実績値, recorded with its reason).
 *
 * @example auditEntityKey({ entityType: 'observation', after: { kind: 'target' } }) // 'entityTarget'
 */
export function auditEntityKey(entry: { entityType: string; after?: unknown }): MessageKey {
  if (entry.entityType === 'observation' && entry.after && typeof entry.after === 'object') {
    const after = entry.after as { kind?: unknown; source?: unknown };
    if (after.source === 'late-entry') return 'entityLateFigure';
    if (typeof after.kind === 'string' && OBSERVATION_KINDS[after.kind])
      return OBSERVATION_KINDS[after.kind]!;
  }
  return AUDIT_ENTITY_KEYS[entry.entityType] ?? 'entityOther';
}
