/**
 * Row types of the database (DESIGN.md §2), shared by SQLite and PostgreSQL.
 *
 * Dialect-neutral conventions (see migrations/):
 * - ids are text made by the application (UUIDv7, time-ordered), never database sequences;
 * - timestamps are ISO-8601 text made by the application (`2024-05-01T09:00:00.000Z`);
 * - booleans are integers 0/1; JSON values are text columns (`*_json`), decoded by the mappers;
 * - every editable row has `version` (1 on insert, +1 per update: compare-and-set).
 */

export type Json = string;

export interface MunicipalityTable {
  id: string;
  code: string | null;
  name: string;
  /** The name it gives its planning division (企画政策課, 経営戦略課…); null: not set. */
  planning_division: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** 担当課: a department. Its names over time are in `department_names` (課名変更). */
export interface DepartmentTable {
  id: string;
  municipality_id: string;
  name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DepartmentNameTable {
  id: string;
  department_id: string;
  name: string;
  /** First fiscal year the name was used (null: since always). */
  from_year: number | null;
  /** Last fiscal year the name was used (null: still in use). */
  to_year: number | null;
  created_at: string;
}

export interface UserTable {
  id: string;
  municipality_id: string | null;
  department_id: string | null;
  name: string;
  email: string | null;
  role: string;
  version: number;
  created_at: string;
  updated_at: string;
  /** Sign-in name (NFKC, lower case); null for people without an account. */
  login_name: string | null;
  /** scrypt hash in PHC-like text form; never leaves the server. */
  password_hash: string | null;
  disabled: number;
  /** 1 for the demo accounts (the UI shows a banner). */
  demo: number;
  failed_count: number;
  locked_until: string | null;
  /** The person's preferences as JSON (e.g. the strategy last chosen); null: none yet. */
  preferences_json: string | null;
}

/** Departments (担当課) a user belongs to, by id (renames keep the link). */
export interface UserDepartmentTable {
  user_id: string;
  department_id: string;
  created_at: string;
}

/** A sign-in session; only the SHA-256 of the session id is stored. */
export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute timeout. */
  expires_at: string;
}

/** An API token for machine clients; only its SHA-256 is stored. */
export interface ApiTokenTable {
  id: string;
  municipality_id: string;
  name: string;
  token_hash: string;
  access: string;
  department_ids_json: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A one-time claim (`first-admin`): the primary key makes it race-free. */
export interface SetupClaimTable {
  id: string;
  claimed_at: string;
}

/** 有識者の意見: a committee opinion on a measure or indicator for a fiscal year, and the response. */
export interface OpinionTable {
  id: string;
  strategy_id: string;
  /** 'measure' | 'indicator' */
  target_type: string;
  target_id: string;
  fiscal_year: number;
  body: string;
  author_id: string | null;
  author_name: string;
  /** 対応方針: the department's response (null: not answered yet). */
  response: string | null;
  responded_by: string | null;
  responded_by_name: string | null;
  responded_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A status scheme (評価区分): an ordered list of rules, as data (core `StatusScheme`). */
export interface StatusSchemeTable {
  id: string;
  /** null for the shipped presets shared by every municipality. */
  municipality_id: string | null;
  /** Preset id (`standard`) when the row mirrors a shipped preset. */
  preset: string | null;
  name: string;
  definition_json: Json;
  version: number;
  created_at: string;
  updated_at: string;
}

/** 総合戦略: one strategy period. `revision` grows with every change of anything inside it. */
export interface StrategyTable {
  id: string;
  municipality_id: string;
  ref: string | null;
  name: string;
  generation: number | null;
  period_from: number | null;
  period_to: number | null;
  predecessor_id: string | null;
  /** A stored scheme's id or a shipped preset's id (`standard`); null: the default preset. */
  status_scheme_id: string | null;
  /** 評価年度 chosen by a planner; null: the latest year with figures, else the year before the period. */
  as_of: number | null;
  revision: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface GoalTable {
  id: string;
  strategy_id: string;
  ref: string | null;
  code: string | null;
  name: string;
  description: string | null;
  position: number;
  provenance_json: Json | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface MeasureTable {
  id: string;
  strategy_id: string;
  goal_id: string | null;
  parent_id: string | null;
  ref: string | null;
  code: string | null;
  name: string;
  summary: string | null;
  position: number;
  provenance_json: Json | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProjectTable {
  id: string;
  strategy_id: string;
  measure_id: string | null;
  ref: string | null;
  code: string | null;
  name: string;
  summary: string | null;
  priority: number;
  period_from: number | null;
  period_to: number | null;
  period_raw: string | null;
  bodies_json: Json | null;
  goal_ids_json: Json | null;
  sdgs_json: Json | null;
  years_json: Json | null;
  position: number;
  provenance_json: Json | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface NarrativeTable {
  id: string;
  strategy_id: string;
  owner_type: string;
  owner_id: string;
  kind: string;
  title: string | null;
  text: string;
  fiscal_year: number | null;
  position: number;
  provenance_json: Json | null;
}

export interface TagSetTable {
  id: string;
  municipality_id: string;
  strategy_id: string | null;
  ref: string | null;
  name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface TagTable {
  id: string;
  tag_set_id: string;
  ref: string | null;
  name: string;
  position: number;
}

export interface TaggingTable {
  id: string;
  tag_id: string;
  target_type: string;
  target_id: string;
}

/** Which departments (担当課) an indicator or project belongs to, in order. */
export interface DepartmentLinkTable {
  id: string;
  department_id: string;
  target_type: string;
  target_id: string;
  position: number;
}

export interface IndicatorTable {
  id: string;
  strategy_id: string;
  ref: string | null;
  owner_type: string | null;
  owner_id: string | null;
  name: string;
  unit: string | null;
  role: string | null;
  direction: string | null;
  aggregation: string | null;
  tolerance: number | null;
  definition: string | null;
  notes_json: Json | null;
  lineage_json: Json | null;
  reported_status_json: Json | null;
  reported_statuses_json: Json | null;
  provenance_json: Json | null;
  position: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One figure of an indicator: baseline, target, milestone or actual (実績値) for one period. */
export interface ObservationTable {
  id: string;
  indicator_id: string;
  strategy_id: string;
  kind: string;
  fiscal_year: number | null;
  value: number | null;
  raw: string | null;
  unit: string | null;
  basis: string | null;
  from_year: number | null;
  state: string | null;
  date: string | null;
  note: string | null;
  parsed_json: Json | null;
  provenance_json: Json | null;
  /** Entry warnings confirmed when the figure was saved (FigureConfirmation as JSON), or null. */
  confirmed_json: Json | null;
  position: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/**
 * One version of a figure (数値の版): what the figure was after one change, who made it, when, why
 * and through which path. Append-only: a change of a figure adds a row, nothing is overwritten.
 */
export interface FigureVersionTable {
  id: string;
  observation_id: string;
  indicator_id: string;
  strategy_id: string;
  kind: string;
  fiscal_year: number | null;
  /** The figure's `version` after the change (1 = as first written). */
  version: number;
  value: number | null;
  raw: string | null;
  unit: string | null;
  state: string | null;
  note: string | null;
  /** The whole figure (interchange Figure as JSON); null for backfilled versions. */
  figure_json: Json | null;
  /** For a revised target or baseline: the first fiscal year the version applies to. */
  effective_year: number | null;
  /** How the change came: entry, workbook, import, revision, late-entry, correction, transition, backfill. */
  source: string;
  reason: string | null;
  actor_id: string | null;
  actor_name: string | null;
  at: string;
}

/** A move to the next strategy period (次期への移行): the plan as a draft, then what it created. */
export interface PeriodTransitionTable {
  id: string;
  municipality_id: string;
  from_strategy_id: string;
  /** The strategy created on confirmation (null while a draft). */
  to_strategy_id: string | null;
  /** `draft` or `confirmed`. */
  state: string;
  /** The plan (core/period-transition.ts TransitionPlan) as JSON. */
  plan_json: Json;
  created_by: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CommentaryTable {
  id: string;
  strategy_id: string;
  target_type: string;
  target_id: string;
  fiscal_year: number | null;
  progress: string | null;
  issues: string | null;
  next_steps: string | null;
  summary: string | null;
  text: string | null;
  provenance_json: Json | null;
  position: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface EvaluationOverrideTable {
  id: string;
  strategy_id: string;
  indicator_id: string;
  fiscal_year: number;
  status_key: string | null;
  status: string;
  reason: string;
  actor_id: string | null;
  actor_name: string | null;
  /** `planner` or `import` (null: planner, rows from before the column). */
  source: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A reporting round (照会) per fiscal year and department: open → submitted → approved → published. */
export interface ReportingRoundTable {
  id: string;
  municipality_id: string;
  strategy_id: string;
  fiscal_year: number;
  /** preparing | open | closed | confirmed | published (準備・受付中・締切・確定・公表). */
  state: string;
  /** ISO date. */
  deadline: string;
  /** Days before a deadline the reminder e-mail goes out. */
  remind_days: number;
  note: string | null;
  /** Count of writes into the round's year (figures, commentary, submissions). */
  write_seq: number;
  opened_at: string | null;
  opened_by_name: string | null;
  confirmed_at: string | null;
  confirmed_by_name: string | null;
  /** Why the round was confirmed with departments not approved (null: all approved). */
  confirm_reason: string | null;
  published_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A department's part of a round (回答). */
export interface RoundPartTable {
  id: string;
  round_id: string;
  department_id: string;
  /** not_started | in_progress | submitted | returned | approved. */
  state: string;
  /** The department's own earlier deadline (ISO date), null: the round's. */
  deadline: string | null;
  /** Items returned with the planner's comment per indicator: [{ indicatorId, comment }]. */
  returned_json: Json | null;
  /** Findings acknowledged with the submission: [{ indicatorId, code, reason }]. */
  acknowledgements_json: Json | null;
  write_seq: number;
  submitted_at: string | null;
  submitted_by_name: string | null;
  last_activity_at: string | null;
  /** When the last deadline reminder went out (one per part). */
  reminded_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A planner's recorded exception: one indicator of a confirmed year reopened, with the reason. */
export interface RoundExceptionTable {
  id: string;
  round_id: string;
  indicator_id: string;
  reason: string;
  opened_by_name: string;
  opened_at: string;
  closed_at: string | null;
  closed_by_name: string | null;
  version: number;
}

/** An in-app notice to one person (round opened, reminder, returned, approved, confirmed). */
export interface NoticeTable {
  id: string;
  municipality_id: string | null;
  user_id: string;
  round_id: string | null;
  kind: string;
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

/** An uploaded file's preview, kept so that commit uses exactly what was shown. */
/**
 * Publication of a fiscal year of a strategy (年度の公表). `state`: published | withdrawn;
 * `source`: manual (a planner's action) | round (a reporting round reached 公表).
 */
export interface PublishedYearTable {
  id: string;
  strategy_id: string;
  fiscal_year: number;
  state: string;
  source: string;
  published_at: string;
  published_by: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  /** Why it was withdrawn (or a note given on publishing). */
  reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ImportTable {
  id: string;
  municipality_id: string | null;
  file_name: string;
  state: string;
  document_json: Json;
  report_json: Json;
  strategy_id: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/**
 * An import template (取込テンプレート) of a municipality: `signature` is the header fingerprint
 * (joined keys, for lookup); `body_json` the template (core/import/template.ts TemplateBody).
 */
export interface ImportTemplateTable {
  id: string;
  municipality_id: string;
  name: string;
  signature: string;
  body_json: Json;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Append-only audit log: who, when, what, before and after. */
export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  municipality_id: string | null;
  strategy_id: string | null;
  indicator_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  before_json: Json | null;
  after_json: Json | null;
}

export interface Database {
  municipalities: MunicipalityTable;
  departments: DepartmentTable;
  department_names: DepartmentNameTable;
  users: UserTable;
  status_schemes: StatusSchemeTable;
  strategies: StrategyTable;
  goals: GoalTable;
  measures: MeasureTable;
  projects: ProjectTable;
  narratives: NarrativeTable;
  tag_sets: TagSetTable;
  tags: TagTable;
  taggings: TaggingTable;
  department_links: DepartmentLinkTable;
  indicators: IndicatorTable;
  observations: ObservationTable;
  figure_versions: FigureVersionTable;
  period_transitions: PeriodTransitionTable;
  commentary: CommentaryTable;
  evaluation_overrides: EvaluationOverrideTable;
  reporting_rounds: ReportingRoundTable;
  round_parts: RoundPartTable;
  round_exceptions: RoundExceptionTable;
  notices: NoticeTable;
  published_years: PublishedYearTable;
  imports: ImportTable;
  import_templates: ImportTemplateTable;
  audit_log: AuditLogTable;
  user_departments: UserDepartmentTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  setup_claims: SetupClaimTable;
  opinions: OpinionTable;
}

export type TableName = keyof Database;

/**
 * Every table in dependency order (parents first): the order of a dump and of a restore. Every
 * table of Database is either here or in EPHEMERAL_TABLES (a test checks the live database).
 */
export const TABLES: readonly TableName[] = [
  'municipalities',
  'departments',
  'department_names',
  'users',
  'user_departments',
  'api_tokens',
  'setup_claims',
  'status_schemes',
  'strategies',
  'goals',
  'measures',
  'projects',
  'narratives',
  'tag_sets',
  'tags',
  'taggings',
  'department_links',
  'indicators',
  'observations',
  'figure_versions',
  'commentary',
  'opinions',
  'evaluation_overrides',
  'reporting_rounds',
  'round_parts',
  'round_exceptions',
  'notices',
  'published_years',
  'imports',
  'import_templates',
  'period_transitions',
  'audit_log',
];

/** Tables deliberately left out of dumps: sign-in sessions are short-lived secrets (see dump.ts). */
export const EPHEMERAL_TABLES: readonly TableName[] = ['sessions'];
