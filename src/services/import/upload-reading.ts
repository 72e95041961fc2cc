import type { ColumnOverride } from '../../core/import/column-overrides.ts';
import type { GridWorkbook } from '../../core/import/grid.ts';
import type { TableStructure } from '../../core/import/override-fields.ts';
import { type RecognizeResult, recognize } from '../../core/import/recognize.ts';
import type { TemplateBody } from '../../core/import/template.ts';
import type { Issue } from '../../core/issue.ts';
import { readBytes } from '../../import/read-file.ts';
import type { AppError } from '../errors.ts';
import { templateOptions } from './import-templates.ts';

/*
 * The CPU part of an upload (bytes → cells → recognized tables), without storage: it runs the same
 * in the request's thread or in a worker of the pool (services/ops/offload.ts) for a large file.
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

/** Recognition again on stored cells (a changed column mapping or table structure). */
export function recognizeAgain(input: {
  source: GridWorkbook;
  structures: TableStructure[];
  columnOverrides: ColumnOverride[];
}): RecognizeResult {
  return recognize(input.source, { columnOverrides: input.columnOverrides, structures: input.structures });
}
