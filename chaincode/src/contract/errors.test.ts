import { ChaincodeError, parseChaincodeError, withoutStackTrace } from './errors';

/** The frames of a stack, without its first line (`Name: message`). */
const framesOf = (error: Error) => (error.stack ?? '').split('\n').slice(1);

describe('ChaincodeError', () => {
  it('keeps the wire form a Fabric client parses', () => {
    const error = new ChaincodeError('NOT_FOUND', 'signature abc not found', { signature: 'abc' });
    expect(error.message).toBe('[NOT_FOUND] signature abc not found details={"signature":"abc"}');
    expect(String(error)).toBe(`ChaincodeError: ${error.message}`);
    expect(parseChaincodeError(error.message)).toEqual({
      code: 'NOT_FOUND',
      reason: 'signature abc not found',
      details: { signature: 'abc' },
    });
    expect(error).toBeInstanceOf(Error);
  });

  it('captures no stack trace, and leaves stack capture on for other errors', () => {
    const limit = Error.stackTraceLimit;
    expect(framesOf(new ChaincodeError('NOT_FOUND', 'x'))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(framesOf(new Error('a fault')).length).toBeGreaterThan(0);
  });
});

describe('withoutStackTrace', () => {
  it('builds an error without frames and restores the limit, also when building throws', () => {
    const limit = Error.stackTraceLimit;
    expect(framesOf(withoutStackTrace(() => new Error('answer')))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(() =>
      withoutStackTrace(() => {
        throw new Error('build failed');
      }),
    ).toThrow('build failed');
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
