import { createHash } from 'node:crypto';
import { PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, StandardFonts } from 'pdf-lib';
import { deflateSync } from 'node:zlib';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { signPdf } from '@eseal/core';
import type { BenchModule, BenchResult } from './result';

/**
 * pdf.seal.10mb: sealing a ~10 MB, 200-page PDF by incremental update, against SM3-hashing the same
 * file (the floor: sealing must hash it) and against a pdf-lib load+save (what a full rewrite costs).
 * The container callback returns fixed bytes of a realistic SES_Signature size: crypto is measured
 * by the sm2 benches.
 */
const PAGES = 200;
const CONTAINER_BYTES = 8 * 1024; // SES_Signature with seal, maker and signer certificates, imprint
const RUNS = 15;
const PDF_LIB_RUNS = 5;

/** A small deterministic generator so every run builds and seals the same bytes. */
function lcg(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
}

/** Pseudo-prose content: Flate compresses it about as much as real text operators. */
function pageContent(page: number, targetBytes: number): Uint8Array {
  const next = lcg(page * 7919 + 1);
  const words = ['agreement', 'seal', 'contract', 'party', 'amount', 'clause', 'date', 'sign', 'liability', 'term', 'payment'];
  const lines: string[] = [];
  let size = 0;
  for (let y = 800, mcid = 0; size < targetBytes; y = y > 40 ? y - 11 : 800, mcid++) {
    const text = Array.from({ length: 8 }, () => words[next() % words.length] + (next() % 100000)).join(' ');
    const line = `/P <</MCID ${mcid % PARAGRAPHS_PER_PAGE}>> BDC BT /F1 9 Tf ${40 + (next() % 20)} ${y} Td (${text}) Tj ET EMC\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''), 'latin1');
}

/** Incompressible bytes, as the images of a scanned or illustrated page are. */
function noise(page: number, length: number): Uint8Array {
  const next = lcg(page * 104729 + 7);
  return Uint8Array.from({ length }, () => next() & 0xff);
}

/** Tagged (accessible) structure, as office suites export it: one StructElem per paragraph. */
const PARAGRAPHS_PER_PAGE = 30;

/**
 * ~10 MB, 200 pages, shaped like an office export: compressed text content, an image-like stream,
 * a link annotation and 30 structure elements per page, object streams and an xref stream. Lazy
 * parsing reads almost none of it; a full rewrite must touch all of it.
 */
export async function makeBenchPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const ctx = doc.context;
  const structRoot = ctx.nextRef();
  const documentElem = ctx.nextRef();
  const paragraphs: PDFRef[] = [];
  for (let i = 0; i < PAGES; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.setFont(font);
    page.node.set(PDFName.of('Contents'), ctx.register(ctx.flateStream(pageContent(i, 210 * 1024))));
    page.node.set(PDFName.of('PieceInfo'), ctx.register(ctx.stream(deflateSync(noise(i, 6 * 1024)), { Filter: 'FlateDecode' })));
    page.node.set(PDFName.of('StructParents'), PDFNumber.of(i));
    const link = ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [40, 40, 200, 60], Border: [0, 0, 0], A: { S: 'URI', URI: PDFString.of(`https://example.org/contract/${i}`) } });
    page.node.set(PDFName.of('Annots'), ctx.obj([ctx.register(link)]));
    for (let k = 0; k < PARAGRAPHS_PER_PAGE; k++) {
      paragraphs.push(ctx.register(ctx.obj({ Type: 'StructElem', S: 'P', P: documentElem, Pg: page.ref, K: k })));
    }
  }
  ctx.assign(documentElem, ctx.obj({ Type: 'StructElem', S: 'Document', P: structRoot, K: paragraphs }));
  ctx.assign(structRoot, ctx.obj({ Type: 'StructTreeRoot', K: documentElem }));
  doc.catalog.set(PDFName.of('StructTreeRoot'), structRoot);
  doc.catalog.set(PDFName.of('MarkInfo'), ctx.obj({ Marked: true }));
  return doc.save({ useObjectStreams: true });
}

function fakeSesSignature(): Uint8Array {
  const out = Buffer.alloc(CONTAINER_BYTES, 0x5a);
  out[0] = 0x30;
  out[1] = 0x82;
  out.writeUInt16BE(CONTAINER_BYTES - 4, 2);
  return out;
}

function sealImprintPng(): Uint8Array {
  // A 1x1 opaque red PNG keeps the imprint cost out of the figure: the document dominates.
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
}

/** A full GC between timings; enabled at run time so the bench needs no special node flags. */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/**
 * Times each contender once per round, alternating, and keeps each one's best round. On a shared
 * machine other processes only ever add time, so the minimum is the least noisy estimate of the
 * cost itself (the median moved by up to 2x between runs here under load).
 */
async function interleavedBest(rounds: number, contenders: Record<string, () => Promise<unknown> | unknown>): Promise<Record<string, number>> {
  const times: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      collectGarbage(); // untimed: no contender pays for another's garbage (this favours pdf-lib)
      await new Promise((resolve) => setTimeout(resolve, 20)); // let V8's background sweeping finish too
      const t0 = performance.now();
      await fn();
      (times[name] ??= []).push(performance.now() - t0);
    }
  }
  const out: Record<string, number> = {};
  for (const [name, list] of Object.entries(times)) out[name] = Math.min(...list);
  return out;
}

const round = (n: number) => Math.round(n * 100) / 100;

export const pdfBench: BenchModule = {
  name: 'pdf',
  async run(): Promise<BenchResult[]> {
    const pdf = await makeBenchPdf();
    const container = fakeSesSignature();
    const png = sealImprintPng();
    const seal = () =>
      signPdf(pdf, { page: 100, position: { xMm: 120, yMm: 30 }, imprint: { png, widthMm: 42, heightMm: 42 }, signingTime: new Date(), contentsSize: CONTAINER_BYTES + 1024 }, async () => container);
    // Warm-up: JIT, zlib, and the collection of the generator's garbage, which would otherwise be
    // charged to whichever contender allocates first.
    for (let i = 0; i < 3; i++) await seal();
    createHash('sm3').update(pdf).digest();
    const hashFile = () => createHash('sm3').update(pdf).digest();
    const rewrite = async () => (await PDFDocument.load(pdf, { updateMetadata: false })).save({ useObjectStreams: true });
    const fast = await interleavedBest(RUNS, { ours: seal, hash: hashFile });
    const slow = await interleavedBest(PDF_LIB_RUNS, { ours: seal, pdfLib: rewrite });
    const ours = fast.ours;
    const hash = fast.hash;
    const pdfLib = slow.pdfLib;
    const oursAgainstPdfLib = slow.ours;
    const note = `${(pdf.length / 1024 / 1024).toFixed(1)} MB, ${PAGES} pages, xref stream + object streams; tagged, link per page; best of ${RUNS} interleaved rounds (pdf-lib: ${PDF_LIB_RUNS})`;
    return [
      { name: 'pdf.seal.10mb', value: round(ours), unit: 'ms', baseline: { name: 'sm3-hash', value: round(hash) }, ratio: round(hash / ours), target: 0.333, note },
      { name: 'pdf.seal.10mb', value: round(oursAgainstPdfLib), unit: 'ms', baseline: { name: 'pdf-lib-rewrite', value: round(pdfLib) }, ratio: round(pdfLib / oursAgainstPdfLib), target: 5, note },
    ];
  },
};
