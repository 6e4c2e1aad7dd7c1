// The verification thread with two faults on demand, for the pool's failure tests (plain JavaScript:
// worker threads run compiled code). A file starting "%PDF-BLOCK" is announced as being read and then
// never finished; a file starting "%PDF-EXIT" ends the thread without a word. Anything else reaches
// the real thread, whose listener is registered after this one.
const { parentPort } = require('node:worker_threads');
const { resolve } = require('node:path');

parentPort.on('message', (message) => {
  if (message.kind !== 'verify') return;
  const head = Buffer.from(message.pdf.subarray(0, 10)).toString('latin1');
  if (head === '%PDF-BLOCK') {
    parentPort.postMessage({ kind: 'reading', task: message.task });
    for (;;);
  }
  if (head.startsWith('%PDF-EXIT')) process.exit(3);
});

require(resolve(__dirname, '../../server/dist/usecases/signing/verification/verify-worker.js'));
