import { deflateSync } from 'node:zlib';

/** A reference to an object of the file being written. */
export interface ObjectRef {
  readonly id: number;
}

export const refText = (ref: ObjectRef): string => `${ref.id} 0 R`;

/**
 * The smallest PDF 1.7 file writer that serves our reports: numbered objects (dictionaries as text,
 * streams flate-compressed), one classic cross-reference table, a trailer with an ID. Nothing here
 * parses: callers hand in well-formed object text, and the tests read the output with qpdf, poppler
 * and our own parser.
 */
export class PdfObjectWriter {
  readonly #bodies: Array<Buffer | undefined> = [];

  /** Reserves a number for an object written later (a page tree that names its pages and vice versa). */
  reserve(): ObjectRef {
    this.#bodies.push(undefined);
    return { id: this.#bodies.length };
  }

  /** Writes a dictionary, array or other direct object. */
  object(text: string, ref: ObjectRef = this.reserve()): ObjectRef {
    this.#bodies[ref.id - 1] = Buffer.from(text, 'latin1');
    return ref;
  }

  /** Writes a stream, compressed; `dictionary` holds the entries besides /Length and /Filter. */
  stream(data: Uint8Array, dictionary = '', ref: ObjectRef = this.reserve()): ObjectRef {
    const packed = deflateSync(data);
    const head = Buffer.from(`<< ${dictionary} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1');
    this.#bodies[ref.id - 1] = Buffer.concat([head, packed, Buffer.from('\nendstream', 'latin1')]);
    return ref;
  }

  /** The whole file: header, objects, xref table, trailer. Every reserved object must have been written. */
  finish(root: ObjectRef, info: ObjectRef, fileId: Uint8Array): Uint8Array {
    // The binary comment line tells transfer tools the file is binary (ISO 32000-1, 7.5.2).
    const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let offset = parts[0]!.length;
    const offsets: number[] = [];
    this.#bodies.forEach((body, index) => {
      if (body === undefined) throw new Error(`object ${index + 1} was reserved but never written`);
      offsets.push(offset);
      const chunk = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
      parts.push(chunk);
      offset += chunk.length;
    });
    const size = this.#bodies.length + 1;
    const xref = [`xref\n0 ${size}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)];
    const id = Buffer.from(fileId).toString('hex');
    parts.push(
      Buffer.from(
        `${xref.join('')}trailer\n<< /Size ${size} /Root ${refText(root)} /Info ${refText(info)} /ID [<${id}> <${id}>] >>\nstartxref\n${offset}\n%%EOF\n`,
        'latin1',
      ),
    );
    return new Uint8Array(Buffer.concat(parts));
  }
}

/** A PDF text string: UTF-16BE with a byte-order mark, as hex (ISO 32000-1, 7.9.2.2). */
export function pdfTextString(text: string): string {
  const units: string[] = ['feff'];
  for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i).toString(16).padStart(4, '0'));
  return `<${units.join('')}>`;
}

/** D:YYYYMMDDHHmmSSZ */
export function pdfDate(at: Date): string {
  return `(D:${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;
}
