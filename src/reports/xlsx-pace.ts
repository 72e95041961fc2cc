import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

/*
 * ExcelJS's streaming writer commits each row to its worksheet's stream at once, but the zip
 * behind it (archiver) compresses in the background, one entry after another, and writes only as
 * fast as the output is read. A writer that never waits hands the zip the whole workbook before it
 * has taken the first sheet: the rows left the model, but their XML piles up in the zip's queue.
 * The pace below waits for the zip, so the writer holds about a sheet's worth, not the workbook.
 */

/** Rows written between two looks at how far the zip is behind. */
const PACE_ROWS = 100;
/** Bytes of a worksheet written but not yet taken by the zip, beyond which the writer waits. */
const HELD_BYTES = 1 << 20;
/** Worksheets finished but not yet taken whole by the zip, beyond which the writer waits. */
const HELD_SHEETS = 1;
/** Looks at a zip that makes no progress before the writer goes on anyway. */
const PATIENCE = 1000;

interface HeldStream {
  buffers?: { length?: number }[];
  pipes?: { writableLength?: number; readableLength?: number }[];
}

/**
 * The bytes of a worksheet ExcelJS's streaming writer holds for the zip: its buffer, and the
 * stream the zip reads it through. 0 when they cannot be seen (another version of either).
 */
function heldBytes(ws: ExcelJS.Worksheet): number {
  const held = (ws as unknown as { _stream?: HeldStream })._stream;
  let n = 0;
  for (const b of held?.buffers ?? []) n += b.length ?? 0;
  for (const p of held?.pipes ?? []) n += (p.writableLength ?? 0) + (p.readableLength ?? 0);
  return n;
}

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

const later = () => new Promise((resolve) => setTimeout(resolve, 1));

/**
 * The pace of a streaming workbook writing into `out`: `row(ws)` after each committed row (every
 * {@link PACE_ROWS} rows it waits while the worksheet holds more than {@link HELD_BYTES} the zip
 * has not taken) and `sheet()` after each committed worksheet (it waits while more than
 * {@link HELD_SHEETS} finished worksheets wait for the zip), and whenever `out` is full until it
 * is read. Waiting stops when `out` is closed (the reader went away: the writing fails) or the zip
 * stops making progress for a while (the writer goes on).
 *
 * @example const pace = zipPace(wb, stream); row.commit(); await pace.row(ws); ws.commit(); await pace.sheet();
 */
export function zipPace(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  out: Writable,
): { row: (ws: ExcelJS.Worksheet) => Promise<void> | undefined; sheet: () => Promise<void> } {
  const zip = (wb as unknown as { zip?: EventEmitter }).zip;
  let taken = 0;
  let finished = 0;
  let rows = 0;
  zip?.on('entry', (entry: { name?: string }) => {
    if (/worksheets\/sheet\d+\.xml$/.test(entry.name ?? '')) taken++;
  });
  const wait = async (behind: () => number, limit: number) => {
    let least = Number.POSITIVE_INFINITY;
    for (let stuck = 0; stuck < PATIENCE; ) {
      if (out.destroyed) throw new Error('XLSX output closed before the workbook was written');
      // The reader is behind: wait for it as long as it takes (it reads, or it closes).
      if (out.writableNeedDrain) {
        await drained(out);
        continue;
      }
      const now = behind();
      if (now <= limit) return;
      await later();
      stuck = now < least ? 0 : stuck + 1;
      least = Math.min(least, now);
    }
  };
  return {
    row: (ws) => (++rows % PACE_ROWS === 0 ? wait(() => heldBytes(ws), HELD_BYTES) : undefined),
    sheet: () => {
      finished++;
      return zip ? wait(() => finished - taken, HELD_SHEETS) : Promise.resolve();
    },
  };
}
