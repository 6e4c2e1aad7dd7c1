import { crc32, deflateRawSync } from 'node:zlib';
import { DEFLATED, STORED, type ZipArchive, type ZipEntry } from './zip-read';

/** A new file, or an entry of an existing archive copied without recompressing it. */
export type ZipSource = { name: string; data: Uint8Array; compress: boolean } | { name: string; copyFrom: ZipArchive; entry: ZipEntry };

interface Prepared {
  name: Uint8Array;
  method: number;
  crc: number;
  compressed: Uint8Array;
  size: number;
}

/**
 * Writes a plain zip (no ZIP64, UTF-8 names, one fixed timestamp). Unchanged entries are copied as
 * stored bytes with their CRC, so re-packaging a document costs only the new files' compression.
 */
export function writeZip(sources: readonly ZipSource[], modified: Date): Uint8Array {
  const { time, date } = dosDateTime(modified);
  const prepared = sources.map(prepare);
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const p of prepared) {
    offsets.push(offset);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6);
    header.writeUInt16LE(p.method, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(p.crc, 14);
    header.writeUInt32LE(p.compressed.length, 18);
    header.writeUInt32LE(p.size, 22);
    header.writeUInt16LE(p.name.length, 26);
    chunks.push(header, p.name, p.compressed);
    offset += header.length + p.name.length + p.compressed.length;
  }
  const cdOffset = offset;
  for (const [i, p] of prepared.entries()) {
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(p.method, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(p.crc, 16);
    header.writeUInt32LE(p.compressed.length, 20);
    header.writeUInt32LE(p.size, 24);
    header.writeUInt16LE(p.name.length, 28);
    header.writeUInt32LE(offsets[i]!, 42);
    chunks.push(header, p.name);
    offset += header.length + p.name.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(prepared.length, 8);
  end.writeUInt16LE(prepared.length, 10);
  end.writeUInt32LE(offset - cdOffset, 12);
  end.writeUInt32LE(cdOffset, 16);
  chunks.push(end);
  return Buffer.concat(chunks);
}

function prepare(source: ZipSource): Prepared {
  const name = Buffer.from(source.name, 'utf8');
  if ('copyFrom' in source) {
    const { entry } = source;
    return { name, method: entry.method, crc: entry.crc32, compressed: source.copyFrom.raw(entry), size: entry.uncompressedSize };
  }
  const compressed = source.compress ? deflateRawSync(source.data) : source.data;
  return { name, method: source.compress ? DEFLATED : STORED, crc: crc32(source.data), compressed, size: source.data.length };
}

/** MS-DOS time fields (local wall time by convention; we write UTC so output is reproducible). */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}
