import { parseByteSize } from './byte-size';

describe('parseByteSize', () => {
  it.each([
    ['1048576', 1048576],
    ['512b', 512],
    ['512kb', 512 * 1024],
    ['20mb', 20 * 1024 * 1024],
    ['20MB', 20 * 1024 * 1024],
    [' 1.5 mb ', 1.5 * 1024 * 1024],
    ['1gb', 1024 ** 3],
  ])('reads %p', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'mb', '-1mb', '0', '0.0001b', '10 megabytes', '1e6', '10tb'])('rejects %p', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});
