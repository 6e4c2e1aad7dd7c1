import { releaseFabricProcessHandlers } from './chaincode-runtime';

describe('releaseFabricProcessHandlers', () => {
  it('has removed the handlers fabric-contract-api installs when loaded', () => {
    expect(process.listeners('unhandledRejection').map((l) => l.name)).not.toContain('loggerUnhandledRejectionFn');
    expect(process.listeners('uncaughtException').map((l) => l.name)).not.toContain('bound _uncaughtException');
  });

  it('removes exactly those handlers and keeps everyone else', () => {
    const theirs = function loggerUnhandledRejectionFn() {};
    const winston = { _uncaughtException() {} };
    const bound = winston._uncaughtException.bind(winston);
    const ours = function keepMe() {};
    process.on('unhandledRejection', theirs);
    process.on('unhandledRejection', ours);
    process.on('uncaughtException', bound);
    try {
      releaseFabricProcessHandlers();
      expect(process.listeners('unhandledRejection')).not.toContain(theirs);
      expect(process.listeners('unhandledRejection')).toContain(ours);
      expect(process.listeners('uncaughtException')).not.toContain(bound);
    } finally {
      process.removeListener('unhandledRejection', theirs);
      process.removeListener('unhandledRejection', ours);
      process.removeListener('uncaughtException', bound);
    }
  });
});
