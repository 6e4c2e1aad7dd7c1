import { SM2_N } from './sm2-curve';
import { Sm2PrivateKey } from './sm2-keys';

jest.mock('./sm2-curve', () => {
  const actual = jest.requireActual('./sm2-curve');
  return { ...actual, invMod: jest.fn(actual.invMod) };
});

const invMod = (jest.requireMock('./sm2-curve') as { invMod: jest.Mock }).invMod;

test('(1 + d)^-1 is computed without handing the secret itself to the variable-time inversion', () => {
  invMod.mockClear();
  const key = Sm2PrivateKey.generate();
  expect(((1n + key.d) * key.inverseOnePlusD) % SM2_N).toBe(1n);
  expect(invMod).toHaveBeenCalled();
  const onSecret = invMod.mock.calls.filter(([a]: [bigint]) => ((a % SM2_N) + SM2_N) % SM2_N === (1n + key.d) % SM2_N);
  expect(onSecret).toEqual([]);
});
