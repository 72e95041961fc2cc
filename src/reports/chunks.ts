/*
 * Documents written in pieces (print HTML, CSV): a writer holds one chunk at a time, not the whole
 * document, and hands it on (a response, a file, a worker's message) before the next is made.
 */

/** Pieces are handed out from about this many characters on (a run of rows, not one per row). */
export const CHUNK_CHARS = 32 * 1024;

/**
 * Groups small pieces into chunks of about {@link CHUNK_CHARS} characters, in order.
 *
 * @example [...chunked(['a', 'b'])] // ['ab']
 */
export function* chunked(pieces: Iterable<string>, size = CHUNK_CHARS): Generator<string> {
  let buf = '';
  for (const p of pieces) {
    buf += p;
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
