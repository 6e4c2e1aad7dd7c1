import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { verificationReportHtml } from '../../server/src/usecases/evidence/report';
import { pdfOf, signBody } from '../signing/support/api';
import {
  CALLER_HEADER,
  auditor,
  callerHeader,
  createSigningWorld,
  holder,
  samplePdf,
  type SigningWorld,
} from '../signing/support/signing-world';

const UNIT = 'unit_report_formats';

/** Reads a binary answer whole (supertest parses only JSON and text by default). */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('the verification report as JSON, as a readable HTML page and as a PDF', () => {
  let world: SigningWorld;
  let signed: Uint8Array;
  let dir: string;

  beforeAll(async () => {
    world = await createSigningWorld();
    const seal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_report' });
    const res = await request(world.app)
      .post('/api/v1/sign')
      .set(CALLER_HEADER, callerHeader(holder(UNIT, 'person_report')))
      .send(signBody(seal, await samplePdf('report formats')));
    expect(res.status).toBe(201);
    signed = pdfOf(res.body);
    dir = mkdtempSync(join(tmpdir(), 'eseal-report-formats-'));
    // A seal and a signed document: slow on a loaded machine.
  }, 120_000);
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await world?.close();
  });

  const verify = (query = '', accept?: string) => {
    const req = request(world.app)
      .post(`/api/v1/verify${query}`)
      .set(CALLER_HEADER, callerHeader(auditor()))
      .set('content-type', 'application/pdf');
    if (accept) req.set('accept', accept);
    return req.buffer(true).parse(binary).send(Buffer.from(signed));
  };

  it('stays JSON by default and for clients that accept anything', async () => {
    for (const res of [await verify(), await verify('', '*/*'), await verify('?format=json', 'text/html')]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(res.body.toString('utf8')).signatures).toHaveLength(1);
    }
  });

  it('is a self-contained page with no script, its one style allowed by hash in the CSP', async () => {
    const json = JSON.parse((await verify()).body.toString('utf8'));
    for (const res of [await verify('?format=html'), await verify('', 'text/html,application/xhtml+xml,*/*;q=0.8')]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const html = res.body.toString('utf8');
      expect(html).toContain('电子签章验证报告');
      expect(html).toContain(json.fileSm3);
      expect(html).not.toMatch(/<script|\son\w+=|<link|src=/i);
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
      const hash = createHash('sha256').update(style).digest('base64');
      const csp: string = res.headers['content-security-policy'];
      expect(csp).toContain(`style-src 'self' 'sha256-${hash}'`);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
    }
  });

  it('is a Chinese PDF whose text poppler extracts', async () => {
    const json = JSON.parse((await verify()).body.toString('utf8'));
    const res = await verify('?format=pdf');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = join(dir, 'report.pdf');
    writeFileSync(file, res.body);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('电子签章验证报告');
    expect(text).toContain(json.fileSm3);
    expect(text).toContain(`${json.verdict}`);
    expect(text).toContain('签名值');
    const viaAccept = await verify('', 'application/pdf');
    expect(viaAccept.headers['content-type']).toBe('application/pdf');
  });

  it('refuses an unknown format with a coded 400 before verifying anything', async () => {
    const res = await verify('?format=xml');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString('utf8')).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'format' }] },
    });
  });

  it('shows hostile text from a document as text, never as markup', () => {
    const hostile = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
    const html = verificationReportHtml(
      {
        valid: false,
        verdict: '<b>VALID</b>',
        modified: false,
        fileSm3: 'f'.repeat(64),
        signatures: [
          {
            index: 0,
            valid: false,
            sealName: hostile,
            signerSubject: hostile,
            checks: [{ id: hostile, status: hostile, code: hostile, message: hostile }],
          },
        ],
      },
      new Date(),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });
});
