import { type EvaluateOptions, evaluateDocument } from '../../core/evaluation/evaluate.ts';
import type { StrategyDocument } from '../../core/interchange.ts';
import { readEntryWorkbook } from '../../import/entry-workbook.ts';
import type { CsvEncoding } from '../../reports/csv.ts';
import type { DbConfig } from '../../store/db.ts';
import { openDb } from '../../store/db.ts';
import { systemContext } from '../context.ts';
import { partsOfJson } from '../import/import-stored.ts';
import { previewUpload, remapUpload } from '../import/upload-reading.ts';
import {
  type DocumentOptions,
  type ReportFormat,
  type ReportRequestKind,
  renderReport,
} from '../reports/report-render.ts';
import { writeBackup } from './backup-files.ts';

/**
 * The heavy jobs a worker of the pool runs (services/ops/offload.ts), by name. Each takes and gives
 * plain data (structured clone), and runs the same in the request's thread when there is no pool.
 */
export const TASKS = {
  /** An uploaded file: bytes → cells → recognition → the preview and the text to store. */
  previewUpload,
  /** Recognition again on the stored cells of an upload (a new mapping), to a new preview. */
  remapUpload,
  /** The preview of a stored import from its stored report (JSON text). */
  previewParts: partsOfJson,
  /** An uploaded entry workbook: bytes → what each row says (the importer's reader and limits). */
  readEntryWorkbook: (input: { bytes: Uint8Array }) => readEntryWorkbook(input.bytes),
  /** A committee document or open data of a strategy, evaluated here. */
  renderReport: (input: {
    doc: StrategyDocument;
    /** The document evaluated (the rendered `doc` may add the next period to it) and how. */
    evaluated: StrategyDocument;
    evaluate: EvaluateOptions;
    kind: Exclude<ReportRequestKind, 'entry-workbook'>;
    format: ReportFormat;
    options: DocumentOptions & { encoding?: CsvEncoding };
  }) =>
    renderReport(
      input.doc,
      evaluateDocument(input.evaluated, input.evaluate),
      input.kind,
      input.format,
      input.options,
    ),
  /**
   * A backup file read through the worker's own connection (one consistent snapshot, like the
   * server's), so neither reading every table nor writing the JSON holds the server's event loop.
   */
  backup: async (input: { config: DbConfig; dir: string; keep: number }) => {
    const handle = await openDb(
      'postgres' in input.config ? { postgres: { ...input.config.postgres, max: 1 } } : input.config,
    );
    try {
      return await writeBackup(handle.db, input.dir, input.keep, systemContext());
    } finally {
      await handle.close();
    }
  },
};

export type Tasks = typeof TASKS;
export type TaskName = keyof Tasks;
export type TaskInput<K extends TaskName> = Parameters<Tasks[K]>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<Tasks[K]>>;
