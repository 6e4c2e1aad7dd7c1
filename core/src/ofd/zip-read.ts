import { crc32, inflateRawSync } from 'node:zlib';
import { checkEntryName } from './entry-name';
import type { OfdLimits } from './limits';
import { malformed, tooLarge, unsafe } from './ofd-error';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;

export const STORED = 0;
export const DEFLATED = 8;

/** One file of the archive, as the central directory describes it; data is read on demand. */
export interface ZipEntry {
  name: string;
  method: typeof STORED | typeof DEFLATED;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the compressed data in the archive. */
  dataOffset: number;
}

/**
 * A zip archive read from its central directory, with every hostile-input rule applied up front:
 * no ZIP64, encryption or unknown methods; safe, unique names; entries that do not overlap (the
 * "overlapping files" bomb); per-entry, total and ratio limits on the declared sizes. Inflation
 * is then capped at the declared size and checked against the CRC, so a lying header cannot
 * expand further.
 */
export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();

  private constructor(
    readonly bytes: Uint8Array,
    readonly entries: readonly ZipEntry[],
  ) {
    for (const entry of entries) this.byName.set(entry.name, entry);
  }

  static read(bytes: Uint8Array, limits: OfdLimits): ZipArchive {
    if (bytes.length > limits.maxBytes)
      throw tooLarge(`the file is larger than ${limits.maxBytes} bytes`, { bytes: bytes.length, maxBytes: limits.maxBytes });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = findEndOfCentralDirectory(bytes, view);
    const count = view.getUint16(eocd + 10, true);
    const cdSize = view.getUint32(eocd + 12, true);
    const cdOffset = view.getUint32(eocd + 16, true);
    if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0 || view.getUint16(eocd + 8, true) !== count)
      throw malformed('multi-disk zip archives are not supported');
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw malformed('ZIP64 archives are not supported');
    if (count > limits.maxEntries) throw tooLarge(`the archive has more than ${limits.maxEntries} entries`, { entries: count });
    if (cdOffset + cdSize > eocd) throw malformed('the zip central directory lies outside the file');

    const entries: ZipEntry[] = [];
    const seen = new Set<string>();
    let total = 0;
    let at = cdOffset;
    for (let i = 0; i < count; i++) {
      if (at + CENTRAL_SIZE > cdOffset + cdSize || view.getUint32(at, true) !== CENTRAL_SIGNATURE)
        throw malformed('the zip central directory is truncated or corrupt');
      const flags = view.getUint16(at + 8, true);
      const method = view.getUint16(at + 10, true);
      const crc = view.getUint32(at + 16, true);
      const compressedSize = view.getUint32(at + 20, true);
      const uncompressedSize = view.getUint32(at + 24, true);
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      const localOffset = view.getUint32(at + 42, true);
      const next = at + CENTRAL_SIZE + nameLength + extraLength + commentLength;
      if (next > cdOffset + cdSize) throw malformed('the zip central directory is truncated or corrupt');
      const name = decodeName(bytes.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength));
      at = next;

      checkEntryName(name);
      // Two spellings differing only in case are one file on some systems: refuse the ambiguity.
      const key = name.toLowerCase();
      if (seen.has(key)) throw unsafe(`the zip archive names ${JSON.stringify(name)} twice`);
      seen.add(key);
      if (flags & 0x0001) throw malformed('encrypted zip entries are not supported', { entry: name });
      if (name.endsWith('/')) {
        if (uncompressedSize !== 0) throw malformed('a zip folder entry carries data', { entry: name });
        continue;
      }
      if (method !== STORED && method !== DEFLATED) throw malformed(`zip compression method ${method} is not supported`, { entry: name });
      if (method === STORED && compressedSize !== uncompressedSize)
        throw malformed('a stored zip entry declares two different sizes', { entry: name });
      if (uncompressedSize > limits.maxEntryBytes)
        throw tooLarge(`zip entry ${name} expands beyond ${limits.maxEntryBytes} bytes`, { entry: name, uncompressedSize });
      if (uncompressedSize > limits.ratioFloorBytes && uncompressedSize / Math.max(compressedSize, 1) > limits.maxRatio) {
        throw tooLarge(`zip entry ${name} has a compression ratio above ${limits.maxRatio}:1`, {
          entry: name,
          compressedSize,
          uncompressedSize,
        });
      }
      total += uncompressedSize;
      if (total > limits.maxTotalBytes)
        throw tooLarge(`the archive expands beyond ${limits.maxTotalBytes} bytes`, { maxTotalBytes: limits.maxTotalBytes });

      const dataOffset = localDataOffset(bytes, view, localOffset, name, cdOffset);
      if (dataOffset + compressedSize > cdOffset) throw malformed('zip entry data runs into the central directory', { entry: name });
      entries.push({ name, method, crc32: crc, compressedSize, uncompressedSize, dataOffset });
    }
    assertNoOverlap(entries);
    return new ZipArchive(bytes, entries);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** The compressed bytes exactly as stored (for copying an unchanged entry into a new archive). */
  raw(entry: ZipEntry): Uint8Array {
    return this.bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  }

  /** The uncompressed content, inflated no further than its declared size and checked against its CRC. */
  read(entry: ZipEntry): Uint8Array {
    const raw = this.raw(entry);
    let data: Uint8Array;
    if (entry.method === STORED) data = raw;
    else {
      try {
        // One byte more than declared, so a header that under-declares is caught instead of trusted.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.uncompressedSize + 1, 1) });
      } catch (cause) {
        if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw tooLarge(`zip entry ${entry.name} expands beyond its declared size`, { entry: entry.name });
        throw malformed(`zip entry ${entry.name} is not valid deflate data`, { entry: entry.name });
      }
    }
    if (data.length !== entry.uncompressedSize)
      throw malformed(`zip entry ${entry.name} does not have its declared size`, { entry: entry.name });
    if (crc32(data) !== entry.crc32) throw malformed(`zip entry ${entry.name} fails its CRC check`, { entry: entry.name });
    return data;
  }
}

function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE && at + EOCD_SIZE + view.getUint16(at + 20, true) === bytes.length) return at;
  }
  throw malformed('the file is not a zip archive (no end of central directory)');
}

/** The local header must agree with the central directory on the name: two views of one entry may not differ. */
function localDataOffset(bytes: Uint8Array, view: DataView, offset: number, name: string, limit: number): number {
  if (offset + LOCAL_SIZE > limit || view.getUint32(offset, true) !== LOCAL_SIGNATURE)
    throw malformed('a zip local header is missing', { entry: name });
  const nameLength = view.getUint16(offset + 26, true);
  const extraLength = view.getUint16(offset + 28, true);
  const dataOffset = offset + LOCAL_SIZE + nameLength + extraLength;
  if (dataOffset > limit) throw malformed('a zip local header is truncated', { entry: name });
  if (decodeName(bytes.subarray(offset + LOCAL_SIZE, offset + LOCAL_SIZE + nameLength)) !== name)
    throw unsafe('a zip local header names another file than the central directory', { entry: name });
  return dataOffset;
}

function assertNoOverlap(entries: readonly ZipEntry[]): void {
  const sorted = [...entries].sort((a, b) => a.dataOffset - b.dataOffset);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    if (previous.dataOffset + previous.compressedSize > sorted[i]!.dataOffset)
      throw unsafe('zip entries overlap (a zip bomb construction)', { entries: [previous.name, sorted[i]!.name] });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw malformed('a zip entry name is not UTF-8');
  }
}
