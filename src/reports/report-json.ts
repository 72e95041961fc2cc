import type { ReportModel } from '../core/reports/report-model.ts';
import { chunked } from './chunks.ts';

/*
 * A committee document as JSON (`format=json`), written as its rows are read: the text of
 * `JSON.stringify(collectModel(model), null, 2)` and a newline, without holding the rows.
 */

const INDENT = '  ';

/**
 * Pieces of the JSON text of plain data (as `JSON.stringify(value, null, 2)` writes it), with any
 * iterable that is not an array (a table's rows) written as an array, read element by element.
 */
function* jsonPieces(value: unknown, pad: string): Generator<string> {
  if (value === null || typeof value !== 'object') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  const inner = pad + INDENT;
  if (Array.isArray(value) || Symbol.iterator in value) {
    // A row read from an iterable is plain data: written whole, indented (JSON text has no raw
    // newline inside a string, so every newline is the layout's).
    const lazy = !Array.isArray(value);
    let first = true;
    for (const item of value as Iterable<unknown>) {
      yield `${first ? '[' : ','}\n${inner}`;
      first = false;
      const v = item === undefined || typeof item === 'function' ? null : item;
      if (lazy) yield JSON.stringify(v, null, 2).replaceAll('\n', `\n${inner}`);
      else yield* jsonPieces(v, inner);
    }
    yield first ? '[]' : `\n${pad}]`;
    return;
  }
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(v, inner);
  }
  yield first ? '{}' : `\n${pad}}`;
}

/**
 * A committee document as JSON in chunks of about 32 K characters (chunks.ts), made as they are
 * asked for: its rows are read one at a time, never all held. The chunks joined are the text of
 * `JSON.stringify(collectModel(model), null, 2)` followed by a newline.
 *
 * @example JSON.parse([...reportJsonChunks(model)].join('')).sections[0].tables[0].rows[0] // { heading: '1 仕事をつくる' }
 */
export function reportJsonChunks(model: ReportModel): Generator<string> {
  return chunked(withNewline(jsonPieces(model, '')));
}

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}
