import { worstExitCode } from './verify-inputs';

describe('the exit code of several files', () => {
  it('is the worst of theirs: invalid over unreadable over indeterminate over valid; an unknown code is worst', () => {
    expect(worstExitCode([])).toBe(0);
    expect(worstExitCode([0, 0])).toBe(0);
    expect(worstExitCode([0, 3, 0])).toBe(3);
    expect(worstExitCode([3, 2, 0])).toBe(2);
    expect(worstExitCode([2, 1, 3])).toBe(1);
    expect(worstExitCode([1, 9])).toBe(9);
  });
});
