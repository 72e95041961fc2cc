import { readEntryWorkbook } from '../../import/entry-workbook.ts';
import { createDb, type Db, type DbConfig, openDb } from '../../store/db.ts';
import { systemContext } from '../context.ts';
import { evaluationCacheOf } from '../figures/evaluation.ts';
import { partsOfJson } from '../import/import-stored.ts';
import { previewUpload, remapUpload } from '../import/upload-reading.ts';
import { type StoredReportJob, storedReport } from '../reports/stored-report.ts';
import { writeBackup } from './backup-files.ts';
import { Streamed } from './worker-pool.ts';

/** Indicators of evaluated strategies a worker keeps (its own cache; the server's is larger). */
const WORKER_CACHE_INDICATORS = 10_000;

/** The worker's own read-only connections, one per database, kept while the worker lives. */
const readers = new Map<string, Db>();

function reader(config: DbConfig): Db {
  const key = JSON.stringify(config);
  let handle = readers.get(key);
  if (!handle) {
    handle = createDb(
      'postgres' in config
        ? { postgres: { ...config.postgres, max: 1, readOnly: true } }
        : { sqlite: { ...config.sqlite, readOnly: true } },
    );
    evaluationCacheOf(handle.db, WORKER_CACHE_INDICATORS);
    readers.set(key, handle);
  }
  return handle;
}

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
  /**
   * A stored strategy's document or open data, read through this worker's own read-only
   * connection and evaluation cache, answered as its head and its pieces (sent as they are read).
   * The server checked the caller's right to read it; `now` is the request's clock.
   */
  renderStoredReport: async (input: StoredReportJob & { config: DbConfig; now: string }) => {
    const { db } = reader(input.config);
    const made = await storedReport(db, systemContext({ now: () => new Date(input.now) }), input);
    if (!made.ok) return made;
    const { chunks, ...head } = made.value;
    return new Streamed(head, chunks);
  },
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
