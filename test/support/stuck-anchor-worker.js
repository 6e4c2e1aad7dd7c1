// An anchor worker whose run never ends (plain JavaScript: it runs as its own process, compiled code),
// for the recovery test that SIGKILLs it mid-run. It prints "running" once the job is being processed.
const { resolve } = require('node:path');
const pino = require('pino');
const { startWorker } = require(resolve(__dirname, '../../worker/dist/start-worker.js'));
const { anchorProcessor } = require(resolve(__dirname, '../../worker/dist/anchor/index.js'));

const never = new Promise(() => undefined);
const outbox = {
  unfinishedBatches: () => {
    process.stdout.write('running\n');
    return never;
  },
};
const [redisUrl, queuePrefix] = process.argv.slice(2);
void startWorker({ redisUrl, queuePrefix }, { processors: [anchorProcessor({ outbox, ledger: {} })], logger: pino({ level: 'silent' }) });
