#!/usr/bin/env node
import './compile-cache';
import { withLocalEndpoints } from './local-endpoints';
import { runCli } from './run-cli';

// process.exitCode rather than process.exit(): pending writes to stdout and any open handles a
// command closes on its way out still get to finish.
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: withLocalEndpoints(process.env, process.cwd()),
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
