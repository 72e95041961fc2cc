/**
 * Answer schemas of the administration routes (health, tag sets, status schemes, audit log),
 * beside the routes (see answers.ts): in the OpenAPI document, the web app's types, and checked
 * against every real answer of the test suite.
 */
import { z } from 'zod';
import { statusSchemeSchema } from '../../core/evaluation/status-scheme.ts';
import { listAnswer } from '../answers.ts';

export const healthAnswer = z.strictObject({ status: z.enum(['ok', 'unavailable']), version: z.string() });

/** A tag set (分類) with its tags. */
export const tagSetAnswer = z.strictObject({
  id: z.string(),
  name: z.string(),
  municipalityId: z.string(),
  strategyId: z.string().nullable(),
  ref: z.string().nullable(),
  version: z.number().int(),
  tags: z.array(z.strictObject({ id: z.string(), name: z.string() })),
});
export const tagSetsAnswer = listAnswer(tagSetAnswer);

/** A removal: the id of what was removed. */
export const deletedAnswer = z.strictObject({ deleted: z.string() });

/** A status scheme's definition (評価区分): the core's schema, as stored and as the presets are. */
export const statusSchemeAnswer = statusSchemeSchema;

/** A scheme as listed: a shipped preset (read-only, no version) or the municipality's own. */
export const schemeListingAnswer = z.strictObject({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['preset', 'stored']),
  version: z.number().int().nullable(),
  definition: statusSchemeAnswer,
});
export const schemeListingsAnswer = listAnswer(schemeListingAnswer);

/** A stored scheme. */
export const schemeRecordAnswer = z.strictObject({
  id: z.string(),
  municipalityId: z.string().nullable(),
  name: z.string(),
  definition: statusSchemeAnswer,
  version: z.number().int(),
  createdAt: z.string().min(1),
  updatedAt: z.string().min(1),
});

/** One entry of the audit log: who, when, what, and the record before and after. */
export const auditEntryAnswer = z.strictObject({
  id: z.string(),
  at: z.string().min(1),
  actor: z.strictObject({ id: z.string().nullable(), name: z.string() }),
  municipalityId: z.string().nullable(),
  strategyId: z.string().nullable(),
  indicatorId: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
/** A page of the audit log, newest first; `next` continues it (as `before`). */
export const auditPageAnswer = z.strictObject({
  items: z.array(auditEntryAnswer),
  next: z.string().nullable(),
});

export type TagSetAnswer = z.output<typeof tagSetAnswer>;
export type SchemeListingAnswer = z.output<typeof schemeListingAnswer>;
export type AuditEntryAnswer = z.output<typeof auditEntryAnswer>;
