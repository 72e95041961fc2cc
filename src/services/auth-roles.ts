/**
 * Roles (役割):
 * - `admin` 管理者: the deployment (every municipality, accounts, tokens).
 * - `planner` 企画政策課: everything in their municipality.
 * - `editor` 担当課: figures and comments of the indicators and projects their departments own.
 * - `committee` 有識者: read, and write opinions.
 * - `viewer` 閲覧者: read.
 */
export const ROLES = ['admin', 'planner', 'editor', 'committee', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
