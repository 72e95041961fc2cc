import type { ColumnOverride } from '../../core/import/column-overrides.ts';
import type { GridWorkbook } from '../../core/import/grid.ts';
import type { TableStructure } from '../../core/import/override-fields.ts';
import { type RecognizeResult, recognize } from '../../core/import/recognize.ts';
import type { TemplateBody } from '../../core/import/template.ts';
import type { Issue } from '../../core/issue.ts';
import { readBytes } from '../../import/read-file.ts';
import type { AppError } from '../errors.ts';
import { type BuiltPreview, buildPreview, type StoredReport, type TemplateUse } from './import-stored.ts';
import { matchingTemplates, type TemplateCandidate, templateOptions } from './import-templates.ts';

/*
 * The CPU part of an upload (bytes → cells → recognized tables → the preview and the text to
 * store), without storage: it runs the same in the request's thread or in a worker of the pool
 * (services/ops/offload.ts) for a large file, so that the server's thread is handed only text to
 * store and the small preview to send.
 */

export interface UploadInput {
  fileName: string;
  bytes: Uint8Array;
  /** A stored template to recognize the file with (loaded by the caller). */
  template?: { name: string; body: TemplateBody };
}

export type UploadReading =
  /** The file could not be read (its issues name the place). */
  | { kind: 'unreadable'; issues: Issue[] }
  /** The template does not fit the file (TEMPLATE_MISMATCH naming the sheet and the fix). */
  | { kind: 'template-mismatch'; error: AppError }
  | {
      kind: 'recognized';
      source: GridWorkbook;
      readIssues: Issue[];
      options: { structures: TableStructure[]; columnOverrides: ColumnOverride[] };
      /** The row shift the template was found at (null without a template). */
      shift: number | null;
      result: RecognizeResult;
    };

/** Reads an uploaded file and recognizes its tables (with the template's corrections, if given). */
export async function readUpload(input: UploadInput): Promise<UploadReading> {
  const read = await readBytes(input.bytes, input.fileName);
  if (!read.ok) return { kind: 'unreadable', issues: read.issues };
  const source: GridWorkbook = {
    sheets: read.value.sheets,
    encodings: { [input.fileName]: read.value.encoding },
  };
  let options: { structures: TableStructure[]; columnOverrides: ColumnOverride[] } = {
    structures: [],
    columnOverrides: [],
  };
  let shift: number | null = null;
  if (input.template) {
    const applied = templateOptions(source, input.fileName, {
      name: input.template.name,
      template: input.template.body,
    });
    if (!applied.ok) return { kind: 'template-mismatch', error: applied.error };
    options = { structures: applied.value.structures, columnOverrides: applied.value.columnOverrides };
    shift = applied.value.shift;
  }
  return {
    kind: 'recognized',
    source,
    readIssues: read.issues,
    options,
    shift,
    result: recognize(source, options),
  };
}

/** What a preview of an upload comes to: refused, or ready to store (built). */
export type UploadPreview =
  | { kind: 'unreadable'; issues: Issue[] }
  | { kind: 'template-mismatch'; error: AppError }
  | { kind: 'built'; built: BuiltPreview };

/**
 * Reads an uploaded file, recognizes it (with a stored template, if given) and builds its preview:
 * the document and the stored report as JSON text, and what the preview shows (the mapping,
 * warnings, coverage, the first rows, the `candidates` whose header signature fits the file).
 */
export async function previewUpload(
  input: UploadInput & { templateId?: string; candidates: TemplateCandidate[] },
): Promise<UploadPreview> {
  const reading = await readUpload(input);
  if (reading.kind !== 'recognized') return reading;
  const { source, options, result } = reading;
  const template: TemplateUse | null =
    input.template && input.templateId != null && reading.shift != null
      ? { id: input.templateId, name: input.template.name, shift: reading.shift }
      : null;
  const stored: StoredReport = {
    report: result.report,
    issues: [...reading.readIssues, ...result.issues],
    readIssues: reading.readIssues,
    overrides: options.columnOverrides,
    structures: options.structures,
    template,
    templates: matchingTemplates(source, input.candidates),
    source,
  };
  return { kind: 'built', built: buildPreview(result.document, stored) };
}

/** A new mapping for a stored upload: corrected columns (and structures), or a template applied. */
export type Remapping =
  | { overrides: ColumnOverride[]; structures?: TableStructure[] }
  | { template: TemplateCandidate };

/**
 * Recognizes a stored upload again (its stored report as JSON text) with a new mapping and builds
 * the new preview. `not-adjustable`: the import was made from an interchange document (no cells).
 */
export function remapUpload(input: {
  reportJson: string;
  fileName: string;
  remapping: Remapping;
}): Exclude<UploadPreview, { kind: 'unreadable' }> | { kind: 'not-adjustable' } {
  const stored = JSON.parse(input.reportJson) as StoredReport;
  const source = stored.source;
  if (!source) return { kind: 'not-adjustable' };
  const m = input.remapping;
  let overrides: ColumnOverride[];
  let structures: TableStructure[];
  let template: TemplateUse | null;
  if ('template' in m) {
    const applied = templateOptions(source, input.fileName, {
      name: m.template.name,
      template: m.template.body,
    });
    if (!applied.ok) return { kind: 'template-mismatch', error: applied.error };
    ({ columnOverrides: overrides, structures } = applied.value);
    template = { id: m.template.id, name: m.template.name, shift: applied.value.shift };
  } else {
    overrides = m.overrides;
    structures = m.structures ?? stored.structures ?? [];
    // A mapping changed by hand after a template was applied is no longer the template's.
    template = stored.template ? { ...stored.template, id: null } : null;
  }
  const result = recognize(source, { columnOverrides: overrides, structures });
  const readIssues = stored.readIssues ?? [];
  const next: StoredReport = {
    report: result.report,
    issues: [...readIssues, ...result.issues],
    readIssues,
    overrides,
    structures,
    template,
    templates: stored.templates ?? [],
    source,
  };
  return { kind: 'built', built: buildPreview(result.document, next) };
}
