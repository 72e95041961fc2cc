/**
 * Rows made as they are read: building a long document's model makes none of its rows, and a
 * renderer that has handed out its first chunk has made only the rows of that chunk, not the
 * last one. Each indicator counts the rows made with it by counting the reads of its name (the
 * builders read an indicator's name only to write its row).
 */
import { describe, expect, it } from 'vitest';
import { evaluateDocument } from '../../src/core/evaluation/evaluate.ts';
import type { Indicator, StrategyDocument } from '../../src/core/interchange.ts';
import { kpiList } from '../../src/core/reports/kpi-list.ts';
import { collectModel, collectRows, lazyRows } from '../../src/core/reports/report-model.ts';
import { reportJsonChunks } from '../../src/reports/report-json.ts';
import { BUILDERS } from '../../src/services/reports/report-render.ts';
import { type ReportRequestKind, renderReport } from '../../src/services/reports/reports.ts';
import { reportDocument } from './fixture.ts';

const PROJECTS = 600;
const INDICATORS = 4_000;
/** Indexes of the indicators whose name was read since the last reset. */
const named = new Set<number>();

/** The fixture many times over: its projects 600 times, its indicators 4,000 times, spread over them. */
function longDocument(): StrategyDocument {
  const base = reportDocument();
  const projects = Array.from({ length: PROJECTS }, (_, i) => {
    const p = base.projects[i % base.projects.length]!;
    return { ...p, id: `${p.id}-${i}`, code: `${p.code}-${i}`, priority: true };
  });
  const indicators = Array.from({ length: INDICATORS }, (_, i): Indicator => {
    const ind = base.indicators[i % base.indicators.length]!;
    const owner =
      ind.owner?.type === 'project'
        ? { type: 'project' as const, id: `${ind.owner.id}-${(i * 2) % PROJECTS}` }
        : ind.owner;
    const copy: Indicator = { ...ind, id: `${ind.id}-${i}`, owner };
    // Long names: a short CSV line would put a whole table in one chunk.
    const name = `${ind.name}${i} ${'長い指標名'.repeat(8)}`;
    Object.defineProperty(copy, 'name', {
      enumerable: true,
      get: () => {
        named.add(i);
        return name;
      },
    });
    return copy;
  });
  return { ...base, projects, indicators };
}

const doc = longDocument();
const evaluation = evaluateDocument(doc, { asOf: 2021, text: false });
const options = { date: '2025-06-01' };
const KINDS = ['kpi-list', 'project-list', 'kpi-hierarchy', 'project-sheets', 'period-review'] as const;

describe('rows made as they are read', () => {
  it('lazyRows: nothing made before the first row is asked for; each reading makes them anew', () => {
    let made = 0;
    const rows = lazyRows(function* () {
      for (let i = 0; i < 3; i++) {
        made++;
        yield { heading: `h${i}` };
      }
    });
    expect(made).toBe(0);
    const first = rows[Symbol.iterator]().next();
    expect(first.value).toEqual({ heading: 'h0' });
    expect(made).toBe(1);
    expect([...rows]).toHaveLength(3);
    expect([...rows]).toHaveLength(3);
    expect(made).toBe(7);
  });

  it('a model holds no row: building the KPI list reads no indicator name, reading its table does', () => {
    named.clear();
    const model = kpiList(doc, evaluation, options);
    expect(named.size).toBe(0);
    const table = model.sections[0]!.tables[0]!;
    const it = table.rows[Symbol.iterator]();
    let row = it.next();
    while (!row.done && row.value.cells == null) row = it.next();
    expect(named.size).toBe(1);
    named.clear();
    expect(collectRows(table).filter((r) => r.cells)).toHaveLength(named.size);
    expect(named.size).toBeGreaterThan(1_000);
  });

  for (const kind of KINDS)
    it(`${kind}: the first chunk of HTML, CSV and JSON is out before the last row is made`, async () => {
      for (const format of ['html', 'csv', 'json'] as const) {
        named.clear();
        const r = await renderReport(
          doc,
          evaluation,
          kind as Exclude<ReportRequestKind, 'entry-workbook'>,
          format,
          options,
        );
        if (!r.ok) throw new Error(`${kind} ${format}: ${r.error.message}`);
        expect(named.size, `${kind} ${format}: rows made before rendering`).toBe(0);
        const chunks = r.value.chunks[Symbol.asyncIterator]();
        const first = await chunks.next();
        expect(first.done, `${kind} ${format}`).toBe(false);
        const atFirst = named.size;
        expect(atFirst, `${kind} ${format}: rows made for the first chunk`).toBeGreaterThan(0);
        for (let next = await chunks.next(); !next.done; next = await chunks.next());
        // Rows made for the first chunk are a part of the document's (a chunk is about 32 K characters).
        expect(atFirst * 4, `${kind} ${format}: ${atFirst} of ${named.size}`).toBeLessThan(named.size * 3);
      }
    });

  it('JSON read row by row: exactly the text of the model with its rows collected', () => {
    const small = reportDocument();
    const smallEvaluation = evaluateDocument(small, { asOf: 2021, text: false });
    for (const [kind, build] of Object.entries(BUILDERS)) {
      for (const [d, e] of [
        [small, smallEvaluation],
        [doc, evaluation],
      ] as const) {
        const model = build(d, e, { ...options, opinions: [] });
        const chunks = [...reportJsonChunks(model)];
        expect(chunks.join(''), kind).toBe(`${JSON.stringify(collectModel(model), null, 2)}\n`);
        if (d === doc && (KINDS as readonly string[]).includes(kind))
          expect(chunks.length, kind).toBeGreaterThan(1);
      }
    }
    // An empty table and a table read from an iterable write as JSON.stringify writes an array.
    const empty = kpiList(
      { ...small, indicators: [] },
      evaluateDocument({ ...small, indicators: [] }),
      options,
    );
    expect([...reportJsonChunks(empty)].join('')).toBe(`${JSON.stringify(collectModel(empty), null, 2)}\n`);
  });

  it('XLSX: a reader that took the first piece and waits holds the writer (the zip is not let run ahead)', async () => {
    // No priority project: no list of them all first, one worksheet per project.
    const sheets = { ...doc, projects: doc.projects.map((p) => ({ ...p, priority: false })) };
    named.clear();
    const r = await renderReport(sheets, evaluation, 'project-sheets', 'xlsx', options);
    if (!r.ok) throw new Error(r.error.message);
    const chunks = r.value.chunks[Symbol.asyncIterator]();
    expect((await chunks.next()).done).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whileWaiting = named.size;
    for (let next = await chunks.next(); !next.done; next = await chunks.next());
    expect(whileWaiting * 2, `${whileWaiting} of ${named.size}`).toBeLessThan(named.size);
  });
});
