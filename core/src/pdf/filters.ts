import { inflateSync, constants } from 'node:zlib';
import { malformed, tooComplex } from './errors';
import { PdfDict, PdfStream, PdfValue, asInt, isName } from './objects';
import { decodeAscii85, decodeAsciiHex, decodeLzw, decodeRunLength } from './filter-decoders';

/**
 * Structural streams use one compression filter, sometimes inside an ASCII encoding; a longer chain
 * is only a way to multiply decoding work (each stage may expand up to maxDecodedBytes), so it is refused.
 */
const MAX_FILTERS = 2;

export function decodeStream(stream: PdfStream, maxDecodedBytes: number): Uint8Array {
  const filters = asList(stream.dict.get('Filter'));
  if (filters.length > MAX_FILTERS) throw tooComplex('too many filters on a structural stream', { filters: filters.length });
  const params = asList(stream.dict.get('DecodeParms'));
  let data: Uint8Array = stream.raw;
  filters.forEach((filter, i) => {
    if (!isName(filter)) throw malformed('filter is not a name');
    const p = params[i] instanceof PdfDict ? (params[i] as PdfDict) : undefined;
    data = decodeOne(filter.value, data, p, maxDecodedBytes);
  });
  return data;
}

/** The standard filters that carry general data; image-only filters (DCT, JPX, CCITT, JBIG2) are not decoded. */
function decodeOne(filter: string, data: Uint8Array, params: PdfDict | undefined, maxDecodedBytes: number): Uint8Array {
  switch (filter) {
    case 'FlateDecode':
    case 'Fl':
      return params ? unpredict(inflate(data, maxDecodedBytes), params, maxDecodedBytes) : inflate(data, maxDecodedBytes);
    case 'LZWDecode':
    case 'LZW':
      return params
        ? unpredict(decodeLzw(data, params, maxDecodedBytes), params, maxDecodedBytes)
        : decodeLzw(data, params, maxDecodedBytes);
    case 'ASCII85Decode':
    case 'A85':
      return decodeAscii85(data, maxDecodedBytes);
    case 'ASCIIHexDecode':
    case 'AHx':
      return decodeAsciiHex(data, maxDecodedBytes);
    case 'RunLengthDecode':
    case 'RL':
      return decodeRunLength(data, maxDecodedBytes);
    default:
      throw malformed(`unsupported filter ${filter}`, { filter });
  }
}

function asList(value: PdfValue | undefined): PdfValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function inflate(data: Uint8Array, maxOutputLength: number): Uint8Array {
  try {
    // Sync flush accepts streams truncated before the Adler checksum, which real writers produce.
    const out = inflateSync(data, { maxOutputLength, finishFlush: constants.Z_SYNC_FLUSH });
    // Node 24 hands small results out of its shared Buffer pool. Decoded data gets a buffer of its own,
    // so a token's offsets say the same thing on every run (the /Contents gap check compares buffers and
    // offsets) and a decoded stream never keeps unrelated pooled bytes alive.
    return out.byteOffset === 0 && out.buffer.byteLength === out.length ? out : new Uint8Array(out);
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooComplex('decoded stream exceeds the size limit', { maxDecodedBytes: maxOutputLength });
    }
    throw malformed('corrupt Flate stream', undefined, error);
  }
}

/** Reverses the PNG (10-15) or TIFF (2) predictor named by DecodeParms. */
export function unpredict(data: Uint8Array, params: PdfDict, maxDecodedBytes: number): Uint8Array {
  const predictor = asInt(params.get('Predictor')) ?? 1;
  if (predictor === 1) return data;
  const colors = asInt(params.get('Colors')) ?? 1;
  const bpc = asInt(params.get('BitsPerComponent')) ?? 8;
  const columns = asInt(params.get('Columns')) ?? 1;
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bpc) || columns < 1 || columns > maxDecodedBytes) {
    throw malformed('bad predictor parameters', { colors, bpc, columns });
  }
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) return unpredictTiff(data, bpp, rowLength, bpc);
  if (predictor < 10 || predictor > 15) throw malformed(`unsupported predictor ${predictor}`);
  return unfilterPngRows(data, rowLength, bpp);
}

/** PNG row filters (RFC 2083 §6): each row starts with a filter-type byte. Shared with the PNG reader. */
export function unfilterPngRows(data: Uint8Array, rowLength: number, bpp: number): Uint8Array {
  const stride = rowLength + 1;
  const rows = Math.floor(data.length / stride);
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * stride];
    const src = r * stride + 1;
    const dst = r * rowLength;
    const prev = dst - rowLength;
    for (let i = 0; i < rowLength; i++) {
      const x = data[src + i];
      const a = i >= bpp ? out[dst + i - bpp] : 0;
      const b = r > 0 ? out[prev + i] : 0;
      let v: number;
      switch (type) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4: {
          const c = r > 0 && i >= bpp ? out[prev + i - bpp] : 0;
          v = x + paeth(a, b, c);
          break;
        }
        default:
          throw malformed(`bad PNG filter type ${type}`, { row: r });
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

function unpredictTiff(data: Uint8Array, bpp: number, rowLength: number, bpc: number): Uint8Array {
  if (bpc !== 8) throw malformed('TIFF predictor supported only for 8 bits per component');
  const out = Uint8Array.from(data);
  for (let row = 0; row + rowLength <= out.length; row += rowLength) {
    for (let i = bpp; i < rowLength; i++) out[row + i] = (out[row + i] + out[row + i - bpp]) & 0xff;
  }
  return out;
}
