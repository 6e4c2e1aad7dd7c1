'use strict';
/**
 * Entry point of the public-security simulator process: `node main.js [port]` (default: a free
 * port). Prints one JSON line {"event":"listening","port":N,"url":"http://127.0.0.1:N"} to stdout
 * once it accepts connections, and exits on SIGTERM/SIGINT after closing the server.
 */
require('../ts-register');
const { startSimulator } = require('./server.ts');

const port = Number(process.argv[2] ?? process.env.SIMULATOR_PORT ?? 0);
startSimulator(port).then(
  (running) => {
    process.stdout.write(`${JSON.stringify({ event: 'listening', port: running.port, url: running.url })}\n`);
    const stop = () => running.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    // When the parent (a test run) dies, do not linger.
    process.on('disconnect', stop);
  },
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
