import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { COMMANDS } from './commands';
import { lazyCommand } from './lazy-command';

describe('lazily loaded commands', () => {
  it('list the name and summary of the module they load', () => {
    // Loading each checks it: the registry and the module must not drift apart.
    for (const command of COMMANDS) expect(typeof command.usage).toBe('string');
  });

  it('refuse a registry entry that does not match its module', () => {
    const stale = lazyCommand('verify', 'an old summary', () => ({ ...COMMANDS[0]!, summary: 'Verify every signature of sealed PDFs' }));
    expect(() => stale.usage).toThrow(/registry says "verify: an old summary"/);
  });

  it('keep the database driver, the Fabric client and the imprint renderer out of `seal verify`', () => {
    // A real process on the built CLI: what `seal verify --help` and the verify path load.
    const dist = join(__dirname, '..', '..', 'dist', 'cli');
    const script = `
      const { COMMANDS } = require(${JSON.stringify(join(dist, 'commands.js'))});
      COMMANDS.find((c) => c.name === 'verify').usage;
      require(${JSON.stringify(join(dist, 'commands', 'cli-ledger.js'))});
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify(['/mongoose/', '/mongodb/', '@hyperledger/fabric-gateway', '@grpc/grpc-js', '@resvg/resvg-js', '/express/'].filter((m) => loaded.some((f) => f.includes(m)))));
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});
