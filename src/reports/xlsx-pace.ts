import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

/*
 * ExcelJS's streaming writer commits each row to its worksheet's stream at once, but the zip
 * behind it (archiver) takes the worksheets one after another in the background and writes only
 * as fast as the output is read. A writer that never waits hands the zip every worksheet before it
 * has taken the first (project sheets of 10,000 indicators: +112 MB), and goes on writing when no
 * one reads. The pace below waits for the zip and for the reader.
 */

/** Rows written between two looks at the output. */
const PACE_ROWS = 100;
/** Worksheets finished but not yet taken whole by the zip, beyond which the writer waits. */
const HELD_SHEETS = 4;
/** Milliseconds a zip may take no worksheet before the writer goes on anyway. */
const PATIENCE_MS = 2000;

/** Resolves when `out` can take more, or is closed. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done).off('close', done);
      resolve();
    };
    out.on('drain', done).on('close', done);
  });
}

/**
 * The pace of a streaming workbook writing into `out`: `row()` after each committed row (every
 * {@link PACE_ROWS} rows it waits while `out` is full, until it is read) and `sheet()` after each
 * committed worksheet (it waits while more than {@link HELD_SHEETS} finished worksheets wait for
 * the zip, and while `out` is full). Waiting fails when `out` is closed (the reader went away) and
 * gives up when the zip makes no progress for a while (the writer goes on).
 *
 * @example const pace = zipPace(wb, stream); row.commit(); await pace.row(); ws.commit(); await pace.sheet();
 */
export function zipPace(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  out: Writable,
): { row: () => Promise<void> | undefined; sheet: () => Promise<void> } {
  // The zip is the writer's own (ExcelJS names it `zip`); its 'entry' event tells an entry taken.
  const zip = (wb as unknown as { zip?: EventEmitter }).zip;
  let taken = 0;
  let finished = 0;
  let rows = 0;
  let wake: (() => void) | null = null;
  zip?.on('entry', (entry: { name?: string }) => {
    if (/worksheets\/sheet\d+\.xml$/.test(entry.name ?? '')) taken++;
    wake?.();
  });
  /** Resolves at the zip's next entry, or after `ms`. */
  const nextEntry = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  const readerCaughtUp = async () => {
    while (out.writableNeedDrain) {
      if (out.destroyed) throw new Error('XLSX output closed before the workbook was written');
      await drained(out);
    }
    if (out.destroyed) throw new Error('XLSX output closed before the workbook was written');
  };
  const zipCaughtUp = async () => {
    for (;;) {
      await readerCaughtUp();
      if (finished - taken <= HELD_SHEETS) return;
      const before = taken;
      await nextEntry(PATIENCE_MS);
      // No entry for a long while with the reader reading: the zip is stuck; go on.
      if (taken === before && !out.writableNeedDrain) return;
    }
  };
  return {
    row: () => (++rows % PACE_ROWS === 0 && out.writableNeedDrain ? readerCaughtUp() : undefined),
    sheet: () => {
      finished++;
      return zip ? zipCaughtUp() : readerCaughtUp();
    },
  };
}
