/**
 * The XLSX writer lets go of each worksheet once committed (src/reports/xlsx-release.ts): the
 * workbook is the same, byte for byte in every part, as when ExcelJS keeps its worksheet writers
 * to the end, every kind's XLSX still opens, and a committed worksheet's writer can be collected
 * before the workbook is committed (which it cannot without the release).
 */
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import { evaluateDocument } from '../../src/core/evaluation/evaluate.ts';
import type { StrategyDocument } from '../../src/core/interchange.ts';
import { projectSheets } from '../../src/core/reports/project-sheets.ts';
import { bufferSource } from '../../src/import/byte-source.ts';
import { readXlsx } from '../../src/import/xlsx.ts';
import { reportXlsx, writeReportXlsx } from '../../src/reports/xlsx.ts';
import { fileBytes, REPORT_KINDS, renderReport } from '../../src/services/reports/reports.ts';
import { reportDocument } from './fixture.ts';

// The release can be turned off (ExcelJS keeps every worksheet writer, as before), and is counted.
const release = vi.hoisted(() => ({ on: true, count: 0 }));
vi.mock('../../src/reports/xlsx-release.ts', async (actual) => {
  const m = await actual<typeof import('../../src/reports/xlsx-release.ts')>();
  return {
    ...m,
    releaseCommittedSheet: (...args: Parameters<typeof m.releaseCommittedSheet>) => {
      if (!release.on) return false;
      const done = m.releaseCommittedSheet(...args);
      if (done) release.count++;
      return done;
    },
  };
});

const base = reportDocument();
/** The fixture with `n` more projects (every third a priority one), each with two indicators. */
function manyProjects(n: number): StrategyDocument {
  const [p1] = base.projects;
  const [, k1] = base.indicators;
  return {
    ...base,
    projects: [
      ...base.projects,
      ...Array.from({ length: n }, (_, i) => ({
        ...p1!,
        id: `pp${i}`,
        code: `3${String(i).padStart(2, '0')}-1`,
        name: `${p1!.name}${i}`,
        priority: i % 3 === 0,
      })),
    ],
    indicators: [
      ...base.indicators,
      ...Array.from({ length: n * 2 }, (_, i) => ({
        ...k1!,
        id: `pk${i}`,
        name: `${k1!.name}${i}`,
        owner: { type: 'project' as const, id: `pp${i >> 1}` },
        // A figure whose text says more than its number: written with a cell note.
        baseline: { value: 1563, fiscalYear: 2019, raw: '1,563件 (R1)' },
      })),
    ],
  };
}

/** Every part of a zip, by name, as text. */
async function parts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const out = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject).on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (err, s) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c))
          .on('error', reject)
          .on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
      }),
    );
    zip.readEntry();
  });
  return out;
}

/** What ExcelJS reads of a workbook: sheets, cells (value, style, note), merges, print settings. */
async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const cells: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) =>
      row.eachCell({ includeEmpty: true }, (c, col) =>
        cells.push([r, col, c.value, c.style, c.note ?? null]),
      ),
    );
    return {
      name: ws.name,
      cells,
      merges: ws.model.merges,
      columns: ws.columns?.map((c) => c.width) ?? [],
      views: ws.views,
      pageSetup: ws.pageSetup,
      headerFooter: ws.headerFooter,
    };
  });
}

async function render(model: Parameters<typeof reportXlsx>[0], on: boolean): Promise<Uint8Array> {
  release.on = on;
  try {
    return await reportXlsx(model);
  } finally {
    release.on = true;
  }
}

describe('XLSX: committed worksheets let go', () => {
  const doc = manyProjects(12);
  const evaluation = evaluateDocument(doc, { asOf: 2021, text: false });
  const all = (d: StrategyDocument) => d.projects.map((p) => p.id);
  const model = projectSheets(doc, evaluation, { date: '2025-06-01', projects: all(doc) });

  it('the workbook is the same as when ExcelJS keeps its worksheets: every part, cells, merges, names', async () => {
    const kept = await render(model, false);
    release.count = 0;
    const released = await render(model, true);
    // Every worksheet was let go (fails if ExcelJS no longer keeps them where 4.4.0 does).
    expect(release.count).toBe(model.sections.length);
    expect(model.sections.length).toBeGreaterThan(10);

    const before = await parts(kept);
    const after = await parts(released);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, xml] of before) expect(after.get(name), name).toBe(xml);
    // The repeated header rows are the workbook's defined names, written at its commit.
    expect(after.get('xl/workbook.xml')).toContain('_xlnm.Print_Titles');
    expect(after.get('xl/workbook.xml')?.match(/<sheet /g)?.length).toBe(model.sections.length);

    const read = await readBack(released);
    expect(read).toEqual(await readBack(kept));
    expect(read.map((s) => s.name)).toEqual(model.sections.map((s) => s.sheetName));
    // The priority list (one table) repeats its header row on printed pages; a project's sheet
    // (three tables) does not; notes are kept.
    expect(read[0]?.pageSetup.printTitlesRow).toBe('4:4');
    expect(read.at(-1)?.pageSetup.printTitlesRow).toBeUndefined();
    expect(read.at(-1)?.cells.some((c) => (c as unknown[])[4] != null)).toBe(true);

    // The project's own reader: the same sheets, rows and merges.
    const grids = async (bytes: Uint8Array) => {
      const r = await readXlsx(bufferSource(bytes), 'sheets.xlsx');
      if (!r.ok) throw new Error('not read');
      return r.value.map((g) => ({ name: g.name, rows: g.rows, merges: g.merges }));
    };
    const grid = await grids(released);
    expect(grid).toEqual(await grids(kept));
    expect(grid.map((g) => g.name)).toEqual(model.sections.map((s) => s.sheetName));
  });

  it('every kind’s XLSX opens, in ExcelJS and in the project’s reader', async () => {
    const small = manyProjects(3);
    const smallEvaluation = evaluateDocument(small, { asOf: 2021, text: false });
    // Open data is CSV or JSON; the entry workbook is written by its own writer.
    for (const kind of REPORT_KINDS.filter((k) => k !== 'entry-workbook' && k !== 'open-data')) {
      release.count = 0;
      const r = await renderReport(small, smallEvaluation, kind, 'xlsx', { date: '2025-06-01' });
      if (!r.ok) throw new Error(`${kind}: ${r.error.message}`);
      const bytes = await fileBytes(r.value);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      expect(wb.worksheets.length, kind).toBeGreaterThan(0);
      const grid = await readXlsx(bufferSource(bytes), `${kind}.xlsx`);
      expect(grid.ok, kind).toBe(true);
      if (grid.ok)
        expect(
          grid.value.map((g) => g.name),
          kind,
        ).toEqual(wb.worksheets.map((w) => w.name));
      expect(release.count, kind).toBe(wb.worksheets.length);
    }
  });

  it('a committed worksheet’s writer can be collected before the workbook is committed', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const big = manyProjects(30);
    const bigModel = projectSheets(big, evaluateDocument(big, { asOf: 2021, text: false }), {
      date: '2025-06-01',
      projects: all(big),
    });
    /** How many of the first 10 worksheet writers are alive once 25 have been made. */
    const aliveEarly = async (on: boolean) => {
      release.on = on;
      const refs: WeakRef<object>[] = [];
      let alive = -1;
      // Every worksheet writer ExcelJS makes is watched.
      const proto = ExcelJS.stream.xlsx.WorkbookWriter.prototype as unknown as {
        addWorksheet: (...args: unknown[]) => object;
      };
      const addWorksheet = proto.addWorksheet;
      proto.addWorksheet = function (this: unknown, ...args: unknown[]) {
        const ws = addWorksheet.apply(this, args);
        refs.push(new WeakRef(ws));
        return ws;
      };
      const sink = new Writable({
        write(_chunk, _enc, done) {
          // Looked at in a later turn than the writers were made (a WeakRef holds its target
          // through the turn it was made in), while the workbook is still being written.
          if (alive < 0 && refs.length >= 25)
            setImmediate(() => {
              gc();
              alive = refs.slice(0, 10).filter((r) => r.deref() !== undefined).length;
              done();
            });
          else setImmediate(done);
        },
      });
      try {
        await writeReportXlsx(bigModel, sink);
      } finally {
        release.on = true;
        proto.addWorksheet = addWorksheet;
      }
      expect(refs.length).toBe(bigModel.sections.length);
      return alive;
    };
    // Without the release ExcelJS holds every one until its commit; with it, none is held.
    expect(await aliveEarly(false)).toBe(10);
    expect(await aliveEarly(true)).toBe(0);
  });
});
