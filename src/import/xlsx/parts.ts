import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type yauzl from 'yauzl';
import { builtinFormat } from '../number-format.ts';
import type { Inflater } from './zip.ts';

/**
 * The workbook-level parts of an XLSX, each parsed as a stream: relationships, the workbook (its
 * sheets and date system), the shared strings and the number format of each cell style.
 */

export const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
export const REL_WORKSHEET = /\/worksheet$/;
export const REL_SHARED_STRINGS = /\/sharedStrings$/;
export const REL_STYLES = /\/styles$/;

/** A streaming XML parser without namespaces or positions (the parts are read once, in order). */
export function newParser(): SaxesParser {
  return new SaxesParser({ xmlns: false, position: false });
}

/** `x:row` → `row`. */
export function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** The attribute `name` of a tag, with or without a namespace prefix. */
export function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const a = tag.attributes as Record<string, string>;
  if (name in a) return a[name];
  for (const key in a) if (local(key) === name) return a[key];
  return undefined;
}

/** Relationship `Target` relative to the part's folder → a zip path. */
export function resolvePath(dir: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : dir + target;
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

export interface Rel {
  id: string;
  type: string;
  target: string;
}

/** The internal relationships of a `.rels` part (external targets are left out). */
export async function readRels(inflater: Inflater, entry: yauzl.Entry): Promise<Rel[]> {
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

/** The sheets of the workbook part (name and relationship id, in workbook order) and its date system. */
export async function readWorkbook(
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
export function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Collects the text of `<t>` elements under a string item (`si` or `is`), skipping phonetic
 * runs (`rPh`: furigana) so that `市役所` does not come out as `市役所シヤクショ`.
 */
export class RichText {
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

/** The shared strings, in order (a cell of type `s` holds an index into them). */
export async function readSharedStrings(inflater: Inflater, entry: yauzl.Entry): Promise<string[]> {
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
export async function readStyles(inflater: Inflater, entry: yauzl.Entry): Promise<string[]> {
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
