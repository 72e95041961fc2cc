import { type FileHandle, open } from 'node:fs/promises';

/**
 * Random access to the bytes of an input, so that a workbook is read part by part (zip
 * directory, then one entry at a time) instead of being loaded whole.
 */
export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at `position` (fewer at the end of the source). */
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * A source over bytes already in memory (tests, stdin).
 *
 * @example const src = bufferSource(Buffer.from('PK...')); await src.read(0, 4)
 */
export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async read(position, length) {
      return bytes.subarray(position, Math.min(bytes.length, position + length));
    },
    async close() {},
  };
}

/** A source over an open file: reads only the ranges asked for. */
export async function fileSource(path: string): Promise<ByteSource> {
  const handle: FileHandle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(position, length) {
        const n = Math.max(0, Math.min(length, size - position));
        const buf = Buffer.allocUnsafe(n);
        let got = 0;
        while (got < n) {
          const { bytesRead } = await handle.read(buf, got, n - got, position + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return got === n ? buf : buf.subarray(0, got);
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
