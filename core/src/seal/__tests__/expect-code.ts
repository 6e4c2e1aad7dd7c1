import { SealError } from '../../errors';

/** Asserts `fn` throws a SealError with exactly `code` (a test that cannot pass by not throwing). */
export function expectCode(fn: () => unknown, code: string): SealError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SealError);
    expect((error as SealError).code).toBe(code);
    return error as SealError;
  }
  throw new Error(`expected SealError ${code}, nothing was thrown`);
}

export async function expectCodeAsync(promise: Promise<unknown>, code: string): Promise<SealError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SealError);
  expect((error as SealError).code).toBe(code);
  return error as SealError;
}
