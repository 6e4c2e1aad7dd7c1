import {
  apiClient,
  approver,
  auditor,
  custodian,
  createSigningWorld,
  samplePdf,
  type SigningWorld,
  type TestSeal,
} from './support/signing-world';
import { approvedUse, as, pdfOf, signBody } from './support/api';

const UNIT = 'unit_batch_a';
const CUSTODIAN = 'person_batch_custodian';

describe('signing API: idempotent sign, batch sign, signing records, hostile input', () => {
  let world: SigningWorld;
  let seal: TestSeal;
  const keeper = custodian(UNIT, CUSTODIAN);
  const boss = approver(UNIT);

  beforeAll(async () => {
    world = await createSigningWorld({ maxDocumentBytes: 2 * 1024 * 1024 });
    seal = await world.addSeal({ unitId: UNIT, kind: 'CONTRACT', actingPersonId: CUSTODIAN });
  });
  afterAll(async () => world?.close());

  it('replays a retried sign with the same Idempotency-Key without signing twice', async () => {
    const pdf = await samplePdf('idempotent');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const body = signBody(seal, pdf, { approvalId });
    const key = { 'Idempotency-Key': 'order-4711-sign' };
    const first = await as(world, keeper).post('/sign', body, key);
    const retry = await as(world, keeper).post('/sign', body, key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.record.id).toBe(first.body.record.id);
    expect(retry.body.signedPdf).toBe(first.body.signedPdf);
    expect(await world.signing.records.countDocuments({ approvalId })).toBe(1);

    const changed = await as(world, keeper).post('/sign', { ...body, reason: 'something else' }, key);
    expect([changed.status, changed.body.error.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    // Keys belong to their caller: another caller with the same key is a new request.
    const otherCaller = await as(world, custodian(UNIT, 'person_other')).post('/sign', body, key);
    expect(otherCaller.body.error.code).toBe('NOT_AUTHORISED_FOR_SEAL');
  });

  it('signs once when two retries with the same key arrive together', async () => {
    const pdf = await samplePdf('double click');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const body = signBody(seal, pdf, { approvalId });
    const both = await Promise.all([1, 2].map(() => as(world, keeper).post('/sign', body, { 'Idempotency-Key': 'double-click' })));
    expect(both.some((r) => r.status === 201)).toBe(true);
    for (const r of both) expect(r.status === 201 || (r.status === 409 && r.body.error.code === 'IDEMPOTENCY_CONFLICT')).toBe(true);
    expect(await world.signing.records.countDocuments({ approvalId })).toBe(1);
  });

  it('frees the key when the first attempt failed, so a corrected retry can sign', async () => {
    const pdf = await samplePdf('retry after wrong pin');
    const approvalId = await approvedUse(world, keeper, boss, seal, pdf);
    const key = { 'Idempotency-Key': 'retry-after-failure' };
    const failed = await as(world, keeper).post('/sign', signBody({ ...seal, pin: '000000' }, pdf, { approvalId }), key);
    expect(failed.body.error.code).toBe('WRONG_PIN');
    const fixed = await as(world, keeper).post('/sign', signBody(seal, pdf, { approvalId }), key);
    expect(fixed.status).toBe(201);
  });

  it('batch-signs many documents with one PIN and reports each item on its own', async () => {
    const docs = await Promise.all([1, 2, 3].map((i) => samplePdf(`batch ${i}`)));
    const approvals = await Promise.all(docs.slice(0, 2).map((pdf) => approvedUse(world, keeper, boss, seal, pdf)));
    const client = apiClient(UNIT);
    const batchBody = {
      sealId: seal.sealId,
      pin: seal.pin,
      items: [
        {
          clientRef: 'a',
          approvalId: approvals[0],
          document: Buffer.from(docs[0]).toString('base64'),
          placement: { page: 1, xMm: 10, yMm: 10 },
        },
        {
          clientRef: 'b',
          approvalId: approvals[1],
          document: Buffer.from(docs[1]).toString('base64'),
          placement: { page: 2, xMm: 10, yMm: 10 },
        },
        { clientRef: 'c', document: Buffer.from(docs[2]).toString('base64'), placement: { page: 1, xMm: 10, yMm: 10 } },
        {
          clientRef: 'd',
          approvalId: approvals[0],
          document: Buffer.from('not a pdf at all').toString('base64'),
          placement: { page: 1, xMm: 10, yMm: 10 },
        },
      ],
    };
    const res = await as(world, client).post('/sign/batch', batchBody, { 'Idempotency-Key': 'batch-1' });
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((r: { clientRef: string; ok: boolean; error?: { code: string } }) => [r.clientRef, r.ok, r.error?.code]),
    ).toEqual([
      ['a', true, undefined],
      ['b', true, undefined],
      ['c', false, 'APPROVAL_REQUIRED'],
      ['d', false, 'PDF_MALFORMED'],
    ]);
    const report = await as(world, auditor()).verify(pdfOf(res.body.items[1]));
    expect(report.body.valid).toBe(true);
    expect(await world.signing.records.countDocuments({ batchCallId: res.body.batchCallId })).toBe(2);
    const replay = await as(world, client).post('/sign/batch', batchBody, { 'Idempotency-Key': 'batch-1' });
    expect(replay.body.batchCallId).toBe(res.body.batchCallId);
    expect(await world.signing.records.countDocuments({ sealId: seal.sealId, batchCallId: { $exists: true } })).toBe(2);
    const invalid = await as(world, client).post(
      '/sign/batch',
      { sealId: seal.sealId, pin: seal.pin, items: [] },
      { 'Idempotency-Key': 'batch-1' },
    );
    expect(invalid.status).toBe(400); // an invalid body is refused before the key is looked at
  });

  it('lists signing records by unit, seal and period with cursor pagination, and reads one', async () => {
    const otherSeal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_rep' });
    const rep = { id: 'acct_rep', kind: 'person' as const, roles: ['POSITION_SEAL_HOLDER' as const], unitId: UNIT, personId: 'person_rep' };
    for (let i = 0; i < 3; i++)
      expect((await as(world, rep).post('/sign', signBody(otherSeal, await samplePdf(`list ${i}`)))).status).toBe(201);

    const bySeal = await as(world, keeper).get(`/signatures?sealId=${otherSeal.sealId}&limit=2`);
    expect(bySeal.status).toBe(200);
    expect(bySeal.body.items).toHaveLength(2);
    expect(bySeal.body.nextCursor).toEqual(expect.any(String));
    const rest = await as(world, keeper).get(`/signatures?sealId=${otherSeal.sealId}&limit=2&cursor=${bySeal.body.nextCursor}`);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeUndefined();
    const ids = [...bySeal.body.items, ...rest.body.items].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(3);

    const byUnit = await as(world, auditor()).get(`/signatures?unitId=${UNIT}&limit=100`);
    expect(byUnit.body.items.length).toBeGreaterThanOrEqual(6);
    const future = await as(world, auditor()).get(`/signatures?unitId=${UNIT}&from=${new Date(Date.now() + 3_600_000).toISOString()}`);
    expect(future.body.items).toEqual([]);

    const one = await as(world, keeper).get(`/signatures/${ids[0]}`);
    expect(one.body).toMatchObject({ id: ids[0], sealId: otherSeal.sealId, anchor: { state: 'PENDING' } });
    const foreign = await as(world, custodian('unit_elsewhere', 'p')).get(`/signatures/${ids[0]}`);
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const badCursor = await as(world, keeper).get(`/signatures?sealId=${otherSeal.sealId}&cursor=garbage`);
    expect(badCursor.status).toBe(400);
  });

  it('never answers a mutated PDF with a 5xx, on verify or on sign', async () => {
    const rep = {
      id: 'acct_fuzz',
      kind: 'person' as const,
      roles: ['POSITION_SEAL_HOLDER' as const],
      unitId: UNIT,
      personId: 'person_fuzz',
    };
    const personal = await world.addSeal({ unitId: UNIT, kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_fuzz' });
    const signed = pdfOf((await as(world, rep).post('/sign', signBody(personal, await samplePdf('fuzz base')))).body);
    // Deterministic pseudo-random mutations, so a failure can be replayed.
    let seed = 20261123;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 60; i++) {
      const bytes = Buffer.from(signed);
      const kind = i % 4;
      let mutated: Buffer;
      if (kind === 0) {
        for (let k = 0; k < 1 + rand(20); k++) bytes[rand(bytes.length)] = rand(256);
        mutated = bytes;
      } else if (kind === 1) mutated = bytes.subarray(0, rand(bytes.length));
      else if (kind === 2) {
        const at = rand(bytes.length);
        mutated = Buffer.concat([bytes.subarray(0, at), Buffer.from('<< /Prev 0 /Length 99999999 >>[[[['), bytes.subarray(at)]);
      } else {
        const a = rand(bytes.length);
        const b = rand(bytes.length);
        mutated = Buffer.concat([bytes.subarray(0, Math.min(a, b)), bytes.subarray(Math.max(a, b))]);
      }
      const verify = await as(world, auditor()).verify(new Uint8Array(mutated));
      const sign = await as(world, rep).post('/sign', signBody(personal, new Uint8Array(mutated)));
      for (const res of [verify, sign]) {
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.error.code).toEqual(expect.any(String));
      }
    }
    expect([...statuses.keys()].every((s) => [200, 201, 413, 422].includes(s))).toBe(true);
  });

  it('documents every signing route in the OpenAPI document', async () => {
    const doc = await as(world, auditor()).get('/openapi.json');
    expect(doc.status).toBe(200);
    for (const path of [
      '/api/v1/sign',
      '/api/v1/sign/batch',
      '/api/v1/verify',
      '/api/v1/signatures',
      '/api/v1/signatures/{recordId}',
      '/api/v1/seal-use-requests',
      '/api/v1/seal-use-requests/{requestId}/approve',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.components.schemas.PdfVerificationReport).toBeDefined();
    // A client learns from the document that an Idempotency-Key makes a retry after a lost connection safe.
    for (const path of ['/api/v1/sign', '/api/v1/sign/batch']) {
      const post = doc.body.paths[path].post;
      expect(post.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'idempotency-key', required: false }));
      expect(post.description).toMatch(/lost connection/);
    }
  });

  it('answers encrypted, damaged, truncated, huge and hostile PDFs with coded 4xx, never a crash', async () => {
    const client = as(world, auditor());
    const garbage = await client.verify(new Uint8Array(Buffer.from('%PDF-1.7\nthis is not really a pdf')));
    expect([garbage.status, garbage.body.error.code]).toEqual([422, 'PDF_MALFORMED']);

    const pdf = await samplePdf('truncate me');
    const truncated = await client.verify(pdf.subarray(0, Math.floor(pdf.length / 2)));
    // Read after a repair, as other readers do: what is left holds neither a page nor a signature,
    // so there is no document to judge.
    expect([truncated.status, truncated.body.error.code]).toEqual([422, 'PDF_MALFORMED']);
    expect(truncated.body.error.details.repairs).toContainEqual(expect.stringContaining('rebuilt by scanning'));

    const encrypted = Buffer.from(pdf).toString('latin1').replace('trailer\n<<', 'trailer\n<< /Encrypt << /Filter /Standard /V 1 /R 2 >>');
    const enc = await client.verify(new Uint8Array(Buffer.from(encrypted, 'latin1')));
    expect([enc.status, enc.body.error.code]).toEqual([422, 'PDF_ENCRYPTED']);

    // A /Prev loop and a deeply nested array: the reader must stop, not spin or overflow.
    const loop = Buffer.from(
      `%PDF-1.7\n1 0 obj\n${'['.repeat(5000)}${']'.repeat(5000)}\nendobj\nxref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer\n<< /Size 2 /Root 1 0 R /Prev 9999 >>\nstartxref\n${'%PDF-1.7\n1 0 obj\n'.length + 10000 + '\nendobj\n'.length}\n%%EOF\n`,
      'latin1',
    );
    const hostile = await client.verify(new Uint8Array(loop));
    expect(hostile.status).toBe(422);

    const huge = await client.verify(new Uint8Array(3 * 1024 * 1024).fill(0x20));
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);

    const wrongType = await client.verify(pdf, 'text/plain');
    expect([wrongType.status, wrongType.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);

    const unauthenticated = await as(world, auditor()).get('/signatures').unset('x-test-caller');
    expect(unauthenticated.status).toBe(401);

    const broken = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nstartxref\n0\n%%EOF\n'));
    const brokenApproval = await approvedUse(world, keeper, boss, seal, broken);
    const badSign = await as(world, keeper).post('/sign', signBody(seal, broken, { approvalId: brokenApproval }));
    expect([badSign.status, badSign.body.error.code]).toEqual([422, 'PDF_MALFORMED']);
    const outOfPage = await samplePdf('page range');
    const pageApproval = await approvedUse(world, keeper, boss, seal, outOfPage);
    const pageRes = await as(world, keeper).post(
      '/sign',
      signBody(seal, outOfPage, { approvalId: pageApproval, placement: { page: 9, xMm: 1, yMm: 1 } }),
    );
    expect([pageRes.status, pageRes.body.error.code]).toEqual([422, 'PDF_PAGE_OUT_OF_RANGE']);
    // A sign that failed on the document gives its approval back for a corrected retry.
    for (const id of [brokenApproval, pageApproval])
      expect((await as(world, keeper).get(`/seal-use-requests/${id}`)).body.state).toBe('APPROVED');
  });
});
