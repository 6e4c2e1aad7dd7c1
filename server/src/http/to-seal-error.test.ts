import { SealError } from '@eseal/core';
import { z } from 'zod';
import { chooseRequestId } from './request-id';
import { toSealError } from './to-seal-error';

/** The shape Express's body parsers throw (http-errors with a `type`). */
function parserError(type: string, status: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`parser: ${type}`), { type, status, expose: true, ...extra });
}

describe('toSealError', () => {
  it('passes SealErrors through unchanged', () => {
    const error = new SealError('SEAL_EXPIRED', 'expired');
    expect(toSealError(error)).toBe(error);
  });

  it.each([
    ['entity.parse.failed', 400, 'MALFORMED_JSON'],
    ['entity.too.large', 413, 'PAYLOAD_TOO_LARGE'],
    ['encoding.unsupported', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['charset.unsupported', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['request.size.invalid', 400, 'MALFORMED_JSON'],
    ['request.aborted', 400, 'REQUEST_TIMEOUT'],
  ])('maps body-parser %s to %s', (type, status, code) => {
    const error = parserError(type, status);
    const mapped = toSealError(error);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(error);
  });

  it('reports the limit of an oversized body', () => {
    expect(toSealError(parserError('entity.too.large', 413, { limit: 2048 })).details).toEqual({ limitBytes: 2048 });
  });

  it('maps a zod error to VALIDATION_FAILED with dotted issue paths', () => {
    const result = z.object({ seal: z.object({ id: z.string() }) }).safeParse({ seal: { id: 7 } });
    if (result.success) throw new Error('expected a failure');
    const mapped = toSealError(result.error);
    expect(mapped.code).toBe('VALIDATION_FAILED');
    expect(mapped.details).toEqual({ issues: [expect.objectContaining({ path: 'seal.id', code: 'invalid_type' })] });
  });

  it.each([
    ['an Error', new Error('ENOENT: /srv/keys/maker.pem')],
    ['a string', 'boom'],
    ['null', null],
    ['an unknown parser type', parserError('stream.not.readable', 500)],
  ])('hides %s behind INTERNAL with a fixed message', (_label, thrown) => {
    const mapped = toSealError(thrown);
    expect(mapped.code).toBe('INTERNAL');
    expect(mapped.message).toBe('Internal error');
    expect(mapped.cause).toBe(thrown);
  });
});

describe('chooseRequestId', () => {
  it('keeps a plain caller id', () => {
    expect(chooseRequestId('7f3c-01.a:b_c')).toBe('7f3c-01.a:b_c');
  });

  it.each([
    ['a line break', 'abc\ninjected'],
    ['spaces', 'a b'],
    ['an over-long value', 'x'.repeat(129)],
    ['an empty value', ''],
    ['a repeated header', ['a', 'b']],
    ['no header', undefined],
  ])('generates a fresh id for %s', (_label, incoming) => {
    expect(chooseRequestId(incoming as string | string[] | undefined)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
