import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchModule, BenchResult } from './result';
import { startServerThread, type ServerThread } from './api';

/**
 * portal.verdict: the public portal's time to verdict for a signed 1 MB PDF in headless Chromium
 * (Debian's chromium driven by playwright-core): from handing the file to the page's file input to
 * the verdict shown. Baseline: POST /api/v1/public/documents/verify of the same file from Node,
 * against the same server in the same run. ratio = API time / portal time (1.0: the page adds nothing).
 */
const DOCUMENT_BYTES = 1024 * 1024;
const RUNS = 7;
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const portalBench: BenchModule = {
  name: 'portal',
  async run(): Promise<BenchResult[]> {
    const { chromium } = await import('playwright-core');
    const server = await startServerThread({ largeDocumentBytes: DOCUMENT_BYTES });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
    const folder = mkdtempSync(join(tmpdir(), 'eseal-bench-portal-'));
    try {
      const pdf = server.ready.largeSignedPdf!;
      // A file on disk, as a person picks it: the browser reads it itself (a buffer would cross the debugging protocol).
      const file = join(folder, 'contract.pdf');
      writeFileSync(file, pdf);
      const api: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const t0 = performance.now();
        const answer = await verifyByApi(server, pdf);
        if (!answer.includes('"verdict"')) throw new Error(`public verify answered ${answer.slice(0, 200)}`);
        if (i > 0) api.push(performance.now() - t0); // the first warms the server up
      }
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${server.ready.port}/`);
      const portal: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        await page.reload(); // a fresh page each time: no verdict of the last run on screen
        await page.waitForSelector('#file-input');
        const t0 = performance.now();
        await page.setInputFiles('#file-input', file);
        await page.waitForSelector('#result [data-verdict]');
        if (i > 0) portal.push(performance.now() - t0);
      }
      const verdict = await page.getAttribute('#result .verdict', 'data-verdict');
      const apiMs = median(api);
      const portalMs = median(portal);
      return [
        {
          name: 'portal.verdict',
          value: round(portalMs),
          unit: 'ms',
          baseline: { name: 'public verify API, same file', value: round(apiMs) },
          ratio: round(apiMs / portalMs, 3),
          note: `median of ${RUNS}, signed PDF of ${round(pdf.length / 1024)} KB, verdict ${verdict}; page overhead ${round(portalMs - apiMs)} ms (upload from the page, rendering the report)`,
        },
      ];
    } finally {
      await browser.close();
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

function verifyByApi(server: ServerThread, pdf: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.ready.port, method: 'POST', path: '/api/v1/public/documents/verify', headers: { 'content-type': 'application/pdf' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(pdf);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
