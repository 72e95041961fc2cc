import type { ReportCell, ReportModel, ReportTable } from '../core/reports/report-model.ts';
import { yearHeader } from '../core/reports/report-model.ts';
import { chunked } from './chunks.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c] as string);
}

function css(model: ReportModel): string {
  const size = model.paper === 'A3' ? 'A3 landscape' : 'A4 landscape';
  const footer = escapeHtml(`${model.municipality} ${model.title} ${model.dateText}`).replace(/"/g, '');
  return `@page{size:${size};margin:12mm 10mm 14mm 10mm;
@bottom-center{content:counter(page) " / " counter(pages);font-size:9pt}
@bottom-left{content:"${footer}";font-size:8pt}}
*{box-sizing:border-box}
body{font-family:"BIZ UDPGothic","Yu Gothic","YuGothic","Meiryo","Hiragino Sans","Noto Sans CJK JP","Noto Sans JP",sans-serif;font-size:9pt;color:#000;margin:0}
header.doc{display:flex;justify-content:space-between;align-items:baseline;border-bottom:1.5pt solid #000;margin-bottom:4mm}
header.doc h1{font-size:14pt;margin:0}
section.part{break-before:page}
section.part:first-of-type{break-before:auto}
h2{font-size:11pt;margin:2mm 0}
h3{font-size:10pt;margin:3mm 0 1mm}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin-bottom:3mm}
thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
th,td{border:0.5pt solid #444;padding:1mm;vertical-align:top;overflow-wrap:anywhere;white-space:pre-wrap}
th{background:#e8eef7;font-weight:bold;text-align:center}
td.num{text-align:right}
td.mark{text-align:center}
td.status{text-align:center;font-weight:bold}
tr.heading td{background:#f3f3f3;font-weight:bold}
@media screen{body{padding:8mm;max-width:${model.paper === 'A3' ? 420 : 297}mm}}`;
}

function cellHtml(c: ReportCell, kind: string): string {
  const cls = kind === 'number' ? 'num' : kind === 'mark' ? 'mark' : kind === 'status' ? 'status' : '';
  const style = c.color ? ` style="color:${escapeHtml(c.color)}"` : '';
  const title = c.raw && c.value != null ? ` data-value="${c.value}"` : '';
  return `<td${cls ? ` class="${cls}"` : ''}${style}${title}>${escapeHtml(c.text)}</td>`;
}

/** One table as pieces: its opening (title, columns, header), then each row as it is read, then its end. */
function* tableHtml(t: ReportTable): Generator<string> {
  const total = t.columns.reduce((n, c) => n + c.width, 0) || 1;
  let out = t.title ? `<h3>${escapeHtml(t.title)}</h3>` : '';
  out += `<table data-table="${escapeHtml(t.id)}"><colgroup>`;
  for (const c of t.columns) out += `<col style="width:${((c.width * 100) / total).toFixed(2)}%">`;
  out += '</colgroup><thead><tr>';
  for (const c of t.columns) out += `<th scope="col">${escapeHtml(c.header)}</th>`;
  yield `${out}</tr></thead><tbody>`;
  const n = t.columns.length;
  let none = true;
  for (const r of t.rows) {
    none = false;
    if (r.heading != null) {
      yield `<tr class="heading"><td colspan="${n}">${escapeHtml(r.heading)}</td></tr>`;
      continue;
    }
    let row = '<tr>';
    for (let i = 0; i < n; i++) row += cellHtml(r.cells[i] ?? { text: '' }, t.columns[i]?.kind ?? 'text');
    yield `${row}</tr>`;
  }
  if (none) yield `<tr><td colspan="${n}">（該当なし）</td></tr>`;
  yield '</tbody></table>';
}

function* printPieces(model: ReportModel): Generator<string> {
  const fy = model.fiscalYear != null ? ` ${yearHeader(model.fiscalYear)}` : '';
  yield `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(
    `${model.municipality} ${model.title}`,
  )}</title><style>${css(model)}</style></head><body><header class="doc"><h1>${escapeHtml(
    model.title,
  )}${escapeHtml(fy)}</h1><div><span class="city">${escapeHtml(model.municipality)}</span> <time datetime="${escapeHtml(
    model.date,
  )}">${escapeHtml(model.dateText)}</time></div></header>`;
  for (const s of model.sections) {
    yield `<section class="part" data-section="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>`;
    for (const t of s.tables) yield* tableHtml(t);
    yield '</section>';
  }
  yield '</body></html>';
}

/**
 * A report's print page (see {@link printHtml}) in chunks of about 32 K characters (chunks.ts),
 * made as they are asked for: a writer holds one chunk at a time, not the page. The chunks joined
 * are exactly printHtml's text.
 *
 * @example [...printHtmlChunks(kpiListModel)].join('') === printHtml(kpiListModel) // true
 */
export function printHtmlChunks(model: ReportModel): Generator<string> {
  return chunked(printPieces(model));
}

/**
 * A report as one self-contained HTML page for printing (A4 or A3 landscape): inline CSS only,
 * system Japanese fonts by family name, table headers repeated on every page, rows never split,
 * page numbers and the city's name and date in the page margins, each section on a new page.
 *
 * @example printHtml(kpiListModel) // '<!doctype html><html lang="ja">…'
 */
export function printHtml(model: ReportModel): string {
  let out = '';
  for (const piece of printPieces(model)) out += piece;
  return out;
}
