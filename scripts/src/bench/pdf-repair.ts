import { PdfDocument, signPdf } from '@eseal/core';
import { makeBenchPdf } from './pdf';
import type { BenchModule, BenchResult } from './result';

/**
 * pdf.repair: reading and sealing the 10 MB bench PDF whose cross-reference data is destroyed (the
 * xref stream cut off, startxref pointing at garbage), against the same work on the intact file.
 * The repaired read scans the whole file for objects and decodes every object stream; the intact
 * read parses only the xref and the objects it needs. Reported as intact / repaired.
 */
const RUNS = 7;

/** Keeps everything before the last xref section and ends the file with a footer pointing at garbage. */
function destroyXref(pdf: Uint8Array): Uint8Array {
  const doc = PdfDocument.open(pdf);
  const lastSection = Math.max(...doc.chain.sections.map((s) => s.offset));
  return new Uint8Array(Buffer.concat([pdf.subarray(0, lastSection), Buffer.from(`startxref\n${Math.floor(lastSection / 2)}\n%%EOF\n`, 'latin1')]));
}

function sealImprintPng(): Uint8Array {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
}

function best(runs: number, fn: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

async function bestAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const round = (n: number) => Math.round(n * 100) / 100;

export const pdfRepairBench: BenchModule = {
  name: 'pdf.repair',
  async run(): Promise<BenchResult[]> {
    const intact = await makeBenchPdf();
    const broken = destroyXref(intact);
    const read = (pdf: Uint8Array) => () => {
      const doc = PdfDocument.open(pdf);
      return doc.getPage(100);
    };
    const container = Buffer.alloc(8 * 1024, 0x5a);
    container[0] = 0x30;
    container[1] = 0x82;
    container.writeUInt16BE(container.length - 4, 2);
    const seal = (pdf: Uint8Array) => () =>
      signPdf(pdf, { page: 100, position: { xMm: 120, yMm: 30 }, imprint: { png: sealImprintPng(), widthMm: 42, heightMm: 42 }, signingTime: new Date(), contentsSize: 9 * 1024 }, async () => container);
    if (PdfDocument.open(broken).repairs.length === 0) throw new Error('the destroyed xref was read without repair: the bench measures nothing');
    read(intact)();
    read(broken)();
    const readIntact = best(RUNS, read(intact));
    const readRepaired = best(RUNS, read(broken));
    const sealIntact = await bestAsync(RUNS, seal(intact));
    const sealRepaired = await bestAsync(RUNS, seal(broken));
    const note = `${(intact.length / 1024 / 1024).toFixed(1)} MB, 200 pages, xref stream + object streams; xref stream cut off, startxref at garbage; best of ${RUNS}`;
    return [
      { name: 'pdf.repair.10mb.read', value: round(readRepaired), unit: 'ms', baseline: { name: 'read-intact', value: round(readIntact) }, ratio: round(readIntact / readRepaired), note },
      { name: 'pdf.repair.10mb.seal', value: round(sealRepaired), unit: 'ms', baseline: { name: 'seal-intact', value: round(sealIntact) }, ratio: round(sealIntact / sealRepaired), note },
    ];
  },
};
