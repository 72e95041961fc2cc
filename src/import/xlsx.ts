import { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import type { GridMerge, GridRow, GridSheet } from '../core/import/grid.ts';
import type { Issue, Place, Result } from '../core/issue.ts';
import type { ByteSource } from './byte-source.ts';
import { IssueSink, importIssue } from './import-issues.ts';
import { DEFAULT_LIMITS, type ImportLimits } from './limits.ts';
import { builtinFormat, formatNumber, isoToSerial } from './number-format.ts';

/**
 * XLSX → GridSheets, streamed: the zip directory is read first (yauzl, random access through a
 * ByteSource), the sizes it declares are checked against the limits before anything is inflated,
 * then each XML part is inflated and parsed as a stream (saxes) — no part and no sheet is ever
 * held whole in memory, only the resulting cells.
 *
 * Every sheet is read; merged ranges become GridMerge with the value in the top-left cell only;
 * cells are the text Excel displays (number formats, dates, Japanese era dates, rich text
 * flattened without furigana, formulas as their cached result).
 *
 * Why not ExcelJS: its streaming WorkbookReader does not report merged cells (exceljs issue
 * #3000), and it could not be installed here (a transitive dependency is not served).
 */
export interface XlsxOptions {
  limits?: ImportLimits;
}

/** Thrown inside this module only, turned into a returned Issue at its edge. */
class XlsxFailure extends Error {
  constructor(readonly issue: Issue) {
    super(issue.messageEn);
  }
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;

interface SheetRef {
  name: string;
  path: string;
}

/**
 * Reads every worksheet of an XLSX.
 *
 * @example
 * const src = await fileSource('kpi.xlsx');
 * const result = await readXlsx(src, 'kpi.xlsx'); // { ok: true, value: [{ name: 'KPI', rows, merges }] }
 * await src.close();
 */
export async function readXlsx(
  source: ByteSource,
  file: string,
  options: XlsxOptions = {},
): Promise<Result<GridSheet[]>> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const sink = new IssueSink(limits.maxIssuesPerKind);
  let zip: yauzl.ZipFile | null = null;
  try {
    zip = await openZip(source, file);
    const entries = await readDirectory(zip, file, limits);
    checkSizes(entries, file, limits);
    const inflater = new Inflater(zip, file, limits);

    const rootRels = entries.get('_rels/.rels');
    let workbookPath = 'xl/workbook.xml';
    if (rootRels) {
      const rels = await readRels(inflater, rootRels);
      const office = rels.find((r) => REL_OFFICE_DOCUMENT.test(r.type));
      if (office) workbookPath = resolvePath('', office.target);
    }
    const workbookEntry = entries.get(workbookPath);
    if (!workbookEntry) throw new XlsxFailure(importIssue('XLSX_NOT_WORKBOOK', { file }));
    const workbook = await readWorkbook(inflater, workbookEntry);
    const dir = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
    const relsPath = `${dir}_rels/${workbookPath.slice(dir.length)}.rels`;
    const relsEntry = entries.get(relsPath);
    const rels = relsEntry ? await readRels(inflater, relsEntry) : [];
    const relById = new Map(rels.map((r) => [r.id, r]));

    const sheets: SheetRef[] = [];
    for (const s of workbook.sheets) {
      const rel = relById.get(s.rid);
      if (rel && !REL_WORKSHEET.test(rel.type)) continue; // chart sheets, dialog sheets, macros
      const path = rel ? resolvePath(dir, rel.target) : `${dir}worksheets/sheet${sheets.length + 1}.xml`;
      if (entries.has(path)) sheets.push({ name: s.name, path });
    }
    if (sheets.length > limits.maxSheets) {
      throw new XlsxFailure(
        importIssue('TOO_MANY_SHEETS', { file }, { count: sheets.length, limit: limits.maxSheets }),
      );
    }

    const ssRel = rels.find((r) => REL_SHARED_STRINGS.test(r.type));
    const ssEntry = entries.get(ssRel ? resolvePath(dir, ssRel.target) : `${dir}sharedStrings.xml`);
    const sharedStrings = ssEntry ? await readSharedStrings(inflater, ssEntry) : [];
    const stylesRel = rels.find((r) => REL_STYLES.test(r.type));
    const stylesEntry = entries.get(stylesRel ? resolvePath(dir, stylesRel.target) : `${dir}styles.xml`);
    const formats = stylesEntry ? await readStyles(inflater, stylesEntry) : [];

    const out: GridSheet[] = [];
    for (const ref of sheets) {
      const entry = entries.get(ref.path)!;
      out.push(
        await readSheet(inflater, entry, {
          file,
          sheet: ref.name,
          sharedStrings,
          formats,
          date1904: workbook.date1904,
          limits,
          sink,
        }),
      );
    }
    if (!sink.hasError && out.every((s) => s.rows.length === 0))
      sink.add(importIssue('FILE_NO_CELLS', { file }));
    const issues = sink.finish();
    return sink.hasError ? { ok: false, issues } : { ok: true, value: out, issues };
  } catch (err) {
    const issue = err instanceof XlsxFailure ? err.issue : corrupt(file, err);
    return { ok: false, issues: [...sink.finish(), issue] };
  } finally {
    zip?.close();
  }
}

function corrupt(file: string, err: unknown, place: Place = {}): Issue {
  const message = err instanceof Error ? err.message : String(err);
  if (/encrypted/i.test(message)) return importIssue('XLSX_ENCRYPTED', { file });
  return importIssue('XLSX_CORRUPT', { file, ...place }, { reason: message.slice(0, 200) });
}

/** yauzl over a ByteSource: each range is read in 64 KB pieces when the inflater asks for it. */
class SourceReader extends yauzl.RandomAccessReader {
  constructor(private readonly source: ByteSource) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    const source = this.source;
    async function* pieces() {
      for (let pos = start; pos < end; ) {
        const chunk = await source.read(pos, Math.min(65_536, end - pos));
        if (chunk.length === 0) throw new Error('unexpected end of file');
        pos += chunk.length;
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      }
    }
    return Readable.from(pieces(), { objectMode: false });
  }
}

async function openZip(source: ByteSource, file: string): Promise<yauzl.ZipFile> {
  try {
    return await new Promise((resolve, reject) => {
      yauzl.fromRandomAccessReader(
        new SourceReader(source),
        source.size,
        {
          lazyEntries: true,
          autoClose: false,
          validateEntrySizes: true,
          strictFileNames: false,
          decodeStrings: true,
        },
        (err, zip) => (err ? reject(err) : resolve(zip)),
      );
    });
  } catch (err) {
    throw new XlsxFailure(corrupt(file, err));
  }
}

async function readDirectory(
  zip: yauzl.ZipFile,
  file: string,
  limits: ImportLimits,
): Promise<Map<string, yauzl.Entry>> {
  if (zip.entryCount > limits.maxZipEntries) {
    throw new XlsxFailure(
      importIssue('ZIP_TOO_MANY_ENTRIES', { file }, { count: zip.entryCount, limit: limits.maxZipEntries }),
    );
  }
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName.replace(/\\/g, '/').replace(/^\//, ''), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', reject);
    zip.readEntry();
  }).catch((err) => {
    throw new XlsxFailure(corrupt(file, err));
  });
  return entries;
}

/** Zip bomb, part 1: the sizes the directory declares for the XML parts, before inflating. */
function checkSizes(entries: Map<string, yauzl.Entry>, file: string, limits: ImportLimits): void {
  let total = 0;
  for (const [name, entry] of entries) {
    if (!/\.(xml|rels)$/i.test(name)) continue; // media and the like are never inflated
    if (entry.isEncrypted()) throw new XlsxFailure(importIssue('XLSX_ENCRYPTED', { file }));
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > limits.ratioGraceBytes && ratio > limits.maxCompressionRatio) {
      throw new XlsxFailure(
        importIssue(
          'ZIP_RATIO_TOO_HIGH',
          { file },
          { part: name, ratio: Math.round(ratio), limit: limits.maxCompressionRatio },
        ),
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new XlsxFailure(
      importIssue('ZIP_TOO_LARGE', { file }, { size: total, limit: limits.maxUncompressedBytes }),
    );
  }
}

/** Zip bomb, part 2: inflates entries while counting; yauzl also checks each declared size. */
class Inflater {
  private inflated = 0;
  constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly file: string,
    private readonly limits: ImportLimits,
  ) {}

  /** Streams the entry's text into `parser`, chunk by chunk. */
  async parse(entry: yauzl.Entry, parser: SaxesParser, place: Place = {}): Promise<void> {
    let stream: Readable;
    try {
      stream = await new Promise<Readable>((resolve, reject) =>
        this.zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
      );
    } catch (err) {
      throw new XlsxFailure(corrupt(this.file, err, place));
    }
    const decoder = new TextDecoder('utf-8');
    let failure: unknown = null;
    parser.on('error', (err) => {
      failure ??= err;
    });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.inflated += chunk.length;
        if (this.inflated > this.limits.maxUncompressedBytes) {
          throw new XlsxFailure(
            importIssue(
              'ZIP_TOO_LARGE',
              { file: this.file },
              { size: this.inflated, limit: this.limits.maxUncompressedBytes },
            ),
          );
        }
        parser.write(decoder.decode(chunk, { stream: true }));
        if (failure) break;
      }
      if (!failure) parser.write(decoder.decode()).close();
    } catch (err) {
      if (err instanceof XlsxFailure) throw err;
      failure ??= err;
    } finally {
      stream.destroy();
    }
    if (failure) {
      if (failure instanceof XlsxFailure) throw failure;
      const msg = failure instanceof Error ? failure.message : String(failure);
      throw new XlsxFailure(corrupt(this.file, new Error(`${entry.fileName}: ${msg}`), place));
    }
  }
}

function newParser(): SaxesParser {
  return new SaxesParser({ xmlns: false, position: false });
}

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const a = tag.attributes as Record<string, string>;
  if (name in a) return a[name];
  for (const key in a) if (local(key) === name) return a[key];
  return undefined;
}

/** Relationship `Target` relative to the part's folder → a zip path. */
function resolvePath(dir: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : dir + target;
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

interface Rel {
  id: string;
  type: string;
  target: string;
}

async function readRels(inflater: Inflater, entry: yauzl.Entry): Promise<Rel[]> {
  const rels: Rel[] = [];
  const p = newParser();
  p.on('opentag', (tag) => {
    if (local(tag.name) !== 'Relationship') return;
    if (attr(tag, 'TargetMode') === 'External') return;
    rels.push({
      id: attr(tag, 'Id') ?? '',
      type: attr(tag, 'Type') ?? '',
      target: attr(tag, 'Target') ?? '',
    });
  });
  await inflater.parse(entry, p);
  return rels;
}

async function readWorkbook(
  inflater: Inflater,
  entry: yauzl.Entry,
): Promise<{ sheets: { name: string; rid: string }[]; date1904: boolean }> {
  const sheets: { name: string; rid: string }[] = [];
  let date1904 = false;
  const p = newParser();
  p.on('opentag', (tag) => {
    const name = local(tag.name);
    if (name === 'sheet') {
      const a = tag.attributes as Record<string, string>;
      let rid = '';
      for (const key in a) if (key.includes(':') && local(key) === 'id') rid = a[key]!;
      sheets.push({ name: attr(tag, 'name') ?? `Sheet${sheets.length + 1}`, rid });
    } else if (name === 'workbookPr') {
      const v = attr(tag, 'date1904');
      date1904 = v === '1' || v === 'true';
    }
  });
  await inflater.parse(entry, p);
  return { sheets, date1904 };
}

/** OOXML escapes characters XML cannot hold as `_xHHHH_` (`_x000D_` for CR). */
function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Collects the text of `<t>` elements under a string item (`si` or `is`), skipping phonetic
 * runs (`rPh`: furigana) so that `市役所` does not come out as `市役所シヤクショ`.
 */
class RichText {
  private depthRPh = 0;
  private inT = false;
  text = '';
  open(name: string): void {
    if (name === 'rPh') this.depthRPh++;
    else if (name === 't' && this.depthRPh === 0) this.inT = true;
  }
  close(name: string): void {
    if (name === 'rPh') this.depthRPh--;
    else if (name === 't') this.inT = false;
  }
  onText(text: string): void {
    if (this.inT) this.text += text;
  }
  take(): string {
    const t = unescapeOoxml(this.text);
    this.text = '';
    this.depthRPh = 0;
    this.inT = false;
    return t;
  }
}

async function readSharedStrings(inflater: Inflater, entry: yauzl.Entry): Promise<string[]> {
  const out: string[] = [];
  const rich = new RichText();
  let inSi = false;
  const p = newParser();
  p.on('opentag', (tag) => {
    const name = local(tag.name);
    if (name === 'si') inSi = true;
    else if (inSi) rich.open(name);
  });
  p.on('closetag', (tag) => {
    const name = local(tag.name);
    if (name === 'si') {
      out.push(rich.take());
      inSi = false;
    } else if (inSi) rich.close(name);
  });
  p.on('text', (t) => rich.onText(t));
  p.on('cdata', (t) => rich.onText(t));
  await inflater.parse(entry, p);
  return out;
}

/** Format code per cell style index (cellXfs). */
async function readStyles(inflater: Inflater, entry: yauzl.Entry): Promise<string[]> {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  const p = newParser();
  p.on('opentag', (tag) => {
    const name = local(tag.name);
    if (name === 'numFmt') custom.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? 'General');
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) xfs.push(Number(attr(tag, 'numFmtId') ?? 0));
  });
  p.on('closetag', (tag) => {
    if (local(tag.name) === 'cellXfs') inCellXfs = false;
  });
  await inflater.parse(entry, p);
  return xfs.map((id) => custom.get(id) ?? builtinFormat(id));
}

interface SheetContext {
  file: string;
  sheet: string;
  sharedStrings: string[];
  formats: string[];
  date1904: boolean;
  limits: ImportLimits;
  sink: IssueSink;
}

/** `B12` → { col: 2, row: 12 }; `XFD1` → col 16384. */
function parseRef(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Za-z]{1,4})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

async function readSheet(inflater: Inflater, entry: yauzl.Entry, ctx: SheetContext): Promise<GridSheet> {
  const { file, sheet, limits, sink } = ctx;
  const rows: GridRow[] = [];
  const merges: GridMerge[] = [];
  let rowNo = 0;
  let cells: (string | null)[] = [];
  let colNo = 0;
  let type = 'n';
  let style = 0;
  let value = '';
  let inV = false;
  let inIs = false;
  let hasFormula = false;
  let formulasWithoutValue = 0;
  let firstFormulaPlace: Place | null = null;
  let rowTooWide = false;
  let stopped = false;
  let inVSeen = false;
  const rich = new RichText();

  const fail = (issue: Issue) => {
    sink.add(issue);
  };
  const endRow = () => {
    if (cells.some((c) => c !== null && c !== '')) rows.push({ row: rowNo, cells });
    cells = [];
  };

  const cellText = (): string | null => {
    if (type === 'inlineStr') return rich.take();
    if (!inVSeen) return null;
    switch (type) {
      case 's': {
        const idx = Number(value);
        const s = ctx.sharedStrings[idx];
        if (s === undefined) {
          sink.add(
            importIssue(
              'XLSX_SHARED_STRING_MISSING',
              { file, sheet, row: rowNo, column: colNo },
              { index: value },
            ),
          );
          return null;
        }
        return s;
      }
      case 'str':
      case 'e':
        return unescapeOoxml(value);
      case 'b':
        return value === '1' || value === 'true' ? 'TRUE' : 'FALSE';
      case 'd': {
        const serial = isoToSerial(value, ctx.date1904);
        return serial === null ? value : formatNumber(serial, ctx.formats[style] ?? 'yyyy/m/d', ctx.date1904);
      }
      default: {
        const n = Number(value);
        if (value.trim() === '' || Number.isNaN(n)) return value;
        return formatNumber(n, ctx.formats[style] ?? 'General', ctx.date1904);
      }
    }
  };

  const p = newParser();
  p.on('opentag', (tag) => {
    if (stopped) return;
    const name = local(tag.name);
    switch (name) {
      case 'row': {
        const r = Number(attr(tag, 'r'));
        rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1;
        colNo = 0;
        rowTooWide = false;
        if (rowNo > limits.maxRows) {
          fail(importIssue('TOO_MANY_ROWS', { file, sheet, row: rowNo }, { limit: limits.maxRows }));
          stopped = true;
        }
        break;
      }
      case 'c': {
        const ref = attr(tag, 'r');
        const parsed = ref ? parseRef(ref) : null;
        colNo = parsed ? parsed.col : colNo + 1;
        type = attr(tag, 't') ?? 'n';
        style = Number(attr(tag, 's') ?? 0) || 0;
        value = '';
        inVSeen = false;
        hasFormula = false;
        break;
      }
      case 'v':
        inV = true;
        inVSeen = true;
        break;
      case 'f':
        hasFormula = true;
        break;
      case 'is':
        inIs = true;
        break;
      case 'mergeCell': {
        const [a, b] = (attr(tag, 'ref') ?? '').split(':');
        const from = a ? parseRef(a) : null;
        const to = b ? parseRef(b) : from;
        if (from && to && (from.row !== to.row || from.col !== to.col)) {
          merges.push({
            top: Math.min(from.row, to.row),
            left: Math.min(from.col, to.col),
            bottom: Math.max(from.row, to.row),
            right: Math.max(from.col, to.col),
          });
        }
        break;
      }
      default:
        if (inIs) rich.open(name);
    }
  });
  p.on('text', (t) => {
    if (inV) value += t;
    else if (inIs) rich.onText(t);
  });
  p.on('closetag', (tag) => {
    if (stopped) return;
    const name = local(tag.name);
    switch (name) {
      case 'v':
        inV = false;
        break;
      case 'is':
        inIs = false;
        break;
      case 'c': {
        if (type === 'inlineStr') inVSeen = true;
        const text = cellText();
        if (hasFormula && !inVSeen) {
          formulasWithoutValue++;
          firstFormulaPlace ??= { file, sheet, row: rowNo, column: colNo };
        }
        if (text === null || text === '') break;
        if (colNo > limits.maxColumns) {
          if (!rowTooWide) {
            fail(
              importIssue(
                'TOO_MANY_COLUMNS',
                { file, sheet, row: rowNo, column: colNo },
                { count: colNo, limit: limits.maxColumns },
              ),
            );
          }
          rowTooWide = true;
          break;
        }
        if (text.length > limits.maxCellChars) {
          fail(
            importIssue(
              'CELL_TOO_LONG',
              { file, sheet, row: rowNo, column: colNo },
              { length: text.length, limit: limits.maxCellChars },
            ),
          );
          break;
        }
        while (cells.length < colNo - 1) cells.push(null);
        cells[colNo - 1] = text;
        break;
      }
      case 'row':
        endRow();
        break;
      default:
        if (inIs) rich.close(name);
    }
  });
  await inflater.parse(entry, p, { sheet });
  if (cells.length) endRow();

  if (formulasWithoutValue > 0 && firstFormulaPlace) {
    sink.add(importIssue('XLSX_FORMULA_NO_VALUE', firstFormulaPlace, { count: formulasWithoutValue }));
  }
  let sorted = true;
  for (let i = 1; i < rows.length; i++) if (rows[i]!.row <= rows[i - 1]!.row) sorted = false;
  if (!sorted) rows.sort((a, b) => a.row - b.row);
  clearMergedCells(rows, merges, ctx);
  return { file, name: sheet, rows: rows.filter((r) => r.cells.some((c) => c !== null && c !== '')), merges };
}

/** Leaves the value of a merged range in its top-left cell only; a value elsewhere is reported. */
function clearMergedCells(rows: GridRow[], merges: GridMerge[], ctx: SheetContext): void {
  if (merges.length === 0) return;
  const byRow = new Map(rows.map((r) => [r.row, r]));
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom; r++) {
      const row = byRow.get(r);
      if (!row) continue;
      for (let c = m.left; c <= Math.min(m.right, row.cells.length); c++) {
        if (r === m.top && c === m.left) continue;
        const v = row.cells[c - 1];
        if (v == null || v === '') continue;
        ctx.sink.add(
          importIssue(
            'XLSX_MERGED_HIDDEN_VALUE',
            { file: ctx.file, sheet: ctx.sheet, row: r, column: c },
            {
              range: `${colName(m.left)}${m.top}:${colName(m.right)}${m.bottom}`,
              raw: v.length > 40 ? `${v.slice(0, 40)}…` : v,
            },
          ),
        );
        row.cells[c - 1] = null;
      }
    }
  }
}
