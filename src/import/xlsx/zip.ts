import { Readable } from 'node:stream';
import type { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import type { Issue, Place } from '../../core/issue.ts';
import type { ByteSource } from '../byte-source.ts';
import { importIssue } from '../import-issues.ts';
import type { ImportLimits } from '../limits.ts';

/**
 * The zip layer of the XLSX reader: the directory read first (yauzl, random access through a
 * ByteSource), the sizes it declares checked against the limits before anything is inflated, then
 * each entry inflated as a stream while the inflated bytes are counted again.
 */

/** Thrown inside the XLSX reader only, turned into a returned Issue at its edge (readXlsx). */
export class XlsxFailure extends Error {
  constructor(readonly issue: Issue) {
    super(issue.messageEn);
  }
}

/** An error of the zip or the XML as an Issue: encrypted, or damaged with the reason. */
export function corrupt(file: string, err: unknown, place: Place = {}): Issue {
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

/** Opens the zip: reads its end record only (the directory is read by readDirectory). */
export async function openZip(source: ByteSource, file: string): Promise<yauzl.ZipFile> {
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

/** The zip directory: entry path (forward slashes, no leading slash) → entry. */
export async function readDirectory(
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

/**
 * Zip bomb, part 1: the sizes the directory declares for the XML parts, before inflating. A part
 * compressed more than `maxCompressionRatio` times is refused by name; so is a total over
 * `maxUncompressedBytes`, naming its largest part.
 */
export function checkSizes(entries: Map<string, yauzl.Entry>, file: string, limits: ImportLimits): void {
  let total = 0;
  let largest = '';
  let largestSize = -1;
  for (const [name, entry] of entries) {
    if (!/\.(xml|rels)$/i.test(name)) continue; // media and the like are never inflated
    if (entry.isEncrypted()) throw new XlsxFailure(importIssue('XLSX_ENCRYPTED', { file }));
    total += entry.uncompressedSize;
    if (entry.uncompressedSize > largestSize) [largest, largestSize] = [name, entry.uncompressedSize];
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > limits.ratioGraceBytes && ratio > limits.maxCompressionRatio) {
      throw new XlsxFailure(
        importIssue(
          'ZIP_RATIO_TOO_HIGH',
          { file },
          {
            part: name,
            size: entry.uncompressedSize,
            ratio: Math.round(ratio),
            limit: limits.maxCompressionRatio,
          },
        ),
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new XlsxFailure(
      importIssue(
        'ZIP_TOO_LARGE',
        { file },
        { size: total, limit: limits.maxUncompressedBytes, part: largest },
      ),
    );
  }
}

/** Zip bomb, part 2: inflates entries while counting; yauzl also checks each declared size. */
export class Inflater {
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
              { size: this.inflated, limit: this.limits.maxUncompressedBytes, part: entry.fileName },
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
