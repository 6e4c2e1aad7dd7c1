import { SealError } from '../errors';
import { PdfDocument } from './document';
import { inspectPdfSignatures } from './inspect';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, PdfValue } from './objects';
import { findRevisionMarkers } from './revisions';
import { SharedObjects } from './shared-objects';
import { signPdf } from './sign';
import { appendUpdate, fakeDer, fixture, minimalPdf, sealImprint, SIGNING_TIME } from './__tests__/helpers';
import { seededRandom } from '../asn1/__tests__/seeded-random';

const TOKENS = [
  '999999999999',
  '-1',
  '0 0 R',
  '<<',
  '>>',
  '[',
  ']',
  '(',
  ')',
  'stream\n',
  'endstream',
  'obj',
  '/Prev 0',
  '/Length 99999999',
  '%%EOF',
  'startxref\n0\n',
  '/Kids [1 0 R]',
  '/Type /ObjStm /N 99999999',
  '/XRefStm 9',
];

function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = Buffer.from(input);
  const pick = (n: number) => Math.floor(random() * n);
  switch (pick(5)) {
    case 0: // flip some bytes
      for (let i = 0, n = 1 + pick(8); i < n; i++) bytes[pick(bytes.length)] = pick(256);
      return bytes;
    case 1: // truncate
      return bytes.subarray(0, pick(bytes.length));
    case 2: {
      // splice in a structural token
      const at = pick(bytes.length);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(TOKENS[pick(TOKENS.length)]), bytes.subarray(at + pick(4))]);
    }
    case 3: {
      // rewrite one number
      const text = bytes.toString('latin1');
      const numbers = [...text.matchAll(/\d+/g)];
      if (numbers.length === 0) return bytes;
      const m = numbers[pick(numbers.length)];
      const replacement = String([0, 1, 7, 65535, 2 ** 31, 10 ** 12][pick(6)]);
      return Buffer.from(text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length), 'latin1');
    }
    default: {
      // duplicate a chunk
      const a = pick(bytes.length);
      const b = Math.min(bytes.length, a + pick(200));
      const at = pick(bytes.length);
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(a, b), bytes.subarray(at)]);
    }
  }
}

/** Runs every entry point; anything other than a SealError (or success) is a bug. */
async function exercise(pdf: Uint8Array): Promise<void> {
  const attempt = async (fn: () => unknown) => {
    try {
      await fn();
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
    }
  };
  const limits = { maxMillis: 2000 };
  await attempt(() => {
    const doc = PdfDocument.open(pdf, { limits });
    doc.allPages();
    doc.getPage(1);
  });
  await attempt(() => inspectPdfSignatures(pdf, { limits }));
  await attempt(() =>
    signPdf(
      pdf,
      { page: 1, position: { xMm: 1, yMm: 1 }, imprint: { png: IMPRINT, widthMm: 5, heightMm: 5 }, signingTime: SIGNING_TIME, limits },
      async () => fakeDer(100),
    ),
  );
  await attempt(() =>
    signPdf(
      pdf,
      { page: 1, position: { anchorText: 'e' }, imprint: { png: IMPRINT, widthMm: 1, heightMm: 1 }, signingTime: SIGNING_TIME, limits },
      async () => fakeDer(100),
    ),
  );
}

const IMPRINT = sealImprint(8);

describe('fuzz: hostile bytes only ever produce SealError', () => {
  it('random bytes, with and without a PDF header', async () => {
    const random = seededRandom(1);
    for (let i = 0; i < 150; i++) {
      const body = Buffer.from(Array.from({ length: Math.floor(random() * 2000) }, () => Math.floor(random() * 256)));
      const pdf = i % 2 ? Buffer.concat([Buffer.from('%PDF-1.7\n'), body, Buffer.from('\nstartxref\n9\n%%EOF')]) : body;
      await exercise(pdf);
    }
  });

  it('mutations of valid and signed PDFs from several producers', async () => {
    const signed = (
      await signPdf(
        minimalPdf(),
        { page: 1, position: { xMm: 1, yMm: 1 }, imprint: { png: IMPRINT, widthMm: 5, heightMm: 5 }, signingTime: SIGNING_TIME },
        async () => fakeDer(64),
      )
    ).pdf;
    const seeds = [
      minimalPdf(),
      signed,
      fixture('qpdf-object-streams.pdf'),
      fixture('ghostscript-classic.pdf'),
      fixture('qpdf-linearized-object-streams.pdf'),
      fixture('cairo.pdf'),
    ];
    const random = seededRandom(42);
    for (let i = 0; i < 400; i++) {
      let pdf = seeds[i % seeds.length];
      for (let k = 0, n = 1 + Math.floor(random() * 3); k < n; k++) pdf = mutate(pdf, random);
      try {
        await exercise(pdf);
      } catch (error) {
        throw new Error(`iteration ${i}: non-SealError ${(error as Error).stack}`);
      }
    }
    // No wall-clock assertion: the reader's own time budget (PDF_TOO_COMPLEX) is what stops a hostile
    // file, and the generous test timeout below only catches a hang, not a slow shared machine.
  }, 180_000);
});

/** A value written out in full (stream bodies and /Length included), to compare two reads of it. */
function dump(value: PdfValue): string {
  if (value instanceof PdfStream) return `${dump(value.dict)} stream ${Buffer.from(value.raw).toString('hex')}`;
  if (value instanceof PdfDict) return `<<${[...value.map].map(([k, v]) => ` /${k} ${dump(v)}`).join('')} >>`;
  if (Array.isArray(value)) return `[${value.map(dump).join(' ')}]`;
  if (value instanceof PdfString) return `<${Buffer.from(value.bytes).toString('hex')}>`;
  if (value instanceof PdfName) return `/${value.value}`;
  if (value instanceof PdfRef) return value.toString();
  return String(value);
}

/** What `fn` returns, or "error CODE" for the SealError it throws (anything else is a bug and fails). */
function orErrorCode<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    return `error ${error.code}`;
  }
}

/** Every object of the document over the first `end` bytes, or the error that opening it gave. */
function readAll(pdf: Uint8Array, end: number, shared?: SharedObjects): string[] {
  const doc = orErrorCode(() => PdfDocument.open(pdf.subarray(0, end), { limits: { maxMillis: 2000 }, shared }));
  if (typeof doc === 'string') return [doc];
  return [...doc.chain.entries.keys()].slice(0, 300).map((num) => `${num}: ${orErrorCode(() => dump(doc.getObject(num)))}`);
}

describe('fuzz: documents sharing parsed objects', () => {
  it('read every object of every revision as a document opened alone does', async () => {
    const sign = async (pdf: Uint8Array, xMm: number) =>
      (
        await signPdf(
          pdf,
          { page: 1, position: { xMm, yMm: 1 }, imprint: { png: IMPRINT, widthMm: 5, heightMm: 5 }, signingTime: SIGNING_TIME },
          async () => fakeDer(64),
        )
      ).pdf;
    const twice = await sign(await sign(minimalPdf({ 5: '<< /Length 6 0 R >>\nstream\nabc\nendstream', 6: '3' }), 1), 20);
    const restated = appendUpdate(twice, (doc, update) => {
      update.put(new PdfRef(6, 0), 4);
      update.put(new PdfRef(4, 0), doc.getObject(4));
    });
    const seeds = [twice, restated, await sign(fixture('qpdf-object-streams.pdf'), 1)];
    const random = seededRandom(7);
    for (let i = 0; i < 150; i++) {
      let pdf = seeds[i % seeds.length];
      for (let k = 0, n = Math.floor(random() * 3); k < n; k++) pdf = mutate(pdf, random);
      const ends = [...findRevisionMarkers(pdf, 6).map((m) => m.eofEndWithEol), pdf.length];
      const alone = ends.map((end) => readAll(pdf, end));
      for (const order of [ends, [...ends].reverse()]) {
        const shared = new SharedObjects(pdf, { maxMillis: 2000 });
        const read = new Map(order.map((end) => [end, readAll(pdf, end, shared)]));
        expect({ iteration: i, reads: ends.map((end) => read.get(end)) }).toEqual({ iteration: i, reads: alone });
      }
    }
  });
});
