/**
 * Answers larger than one stored document may be (16 MiB of BSON): a batch of signed PDFs, or one large
 * PDF, in base64. They are kept in pieces and read back whole, so a retry under the key replays them.
 */
import { randomBytes } from 'node:crypto';
import { ANSWER_PART_CHARS } from '../../server/src/store/signing/idempotency-repository';
import { requestFingerprint, withIdempotency } from '../../server/src/usecases/signing/idempotency';
import { createSigningWorld, type SigningWorld } from './support/signing-world';

let world: SigningWorld;
beforeAll(async () => {
  world = await createSigningWorld();
});
afterAll(async () => world?.close());

/** About 20 MiB of JSON text, with non-ASCII text and a surrogate pair exactly across a piece boundary. */
function largeResponse(): string {
  const head = 'x'.repeat(ANSWER_PART_CHARS - 1) + '\u{1F5C3}'; // the pair's halves at ANSWER_PART_CHARS - 1 and + 0
  const body = randomBytes(12 * 1024 * 1024).toString('base64');
  return JSON.stringify({ head, unit: '某某市公安局', body });
}

describe('idempotency answers larger than a document', () => {
  it('are kept once and read back whole; a second attempt keeps nothing and leaves nothing', async () => {
    const repository = world.signing.idempotencyRepository;
    const response = largeResponse();
    expect(response.length).toBeGreaterThan(4 * ANSWER_PART_CHARS);
    const id = `large-answer-${randomBytes(6).toString('hex')}`;
    const keptAt = new Date();
    expect(await repository.keepAnswer({ _id: id, response, requestSm3: 'f', keptAt })).toBe(true);
    expect(await repository.keepAnswer({ _id: id, response: `${response} `, requestSm3: 'f', keptAt })).toBe(false);

    const read = await repository.answer(id);
    expect(read?.response.length).toBe(response.length);
    expect(read?.response === response).toBe(true);
    const db = world.signing.idempotencyAnswers.db;
    const pieces = await db.collection('idempotency_answer_parts').countDocuments({ _id: { $regex: `^${id}\u0000` } } as never);
    expect(pieces).toBe(Math.ceil(response.length / ANSWER_PART_CHARS));

    await repository.expire(new Date(keptAt.getTime() + 1));
    expect(await repository.answer(id)).toBeNull();
    expect(await db.collection('idempotency_answer_parts').countDocuments({ _id: { $regex: `^${id}\u0000` } } as never)).toBe(0);
  });

  it('replay to a retry under the key', async () => {
    const value = largeResponse();
    const scope = {
      callerId: 'large-answer-caller',
      key: `order-${randomBytes(4).toString('hex')}`,
      fingerprint: requestFingerprint(world.deps.fingerprintKey, { value: 'large' }),
    };
    let runs = 0;
    const work = {
      run: async () => {
        runs += 1;
        return { value };
      },
      commit: async () => undefined,
    };
    expect((await withIdempotency(world.deps, scope, work)) === value).toBe(true);
    expect((await withIdempotency(world.deps, scope, work)) === value).toBe(true);
    expect(runs).toBe(1);
  });
});
