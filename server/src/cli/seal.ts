#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- the bundle is a build product, not a module tsc knows */
// The `seal` bin: the whole CLI (main.ts and what its commands import) as one bundled file, built by
// `npm run build` (server/build-cli.mjs). The compile cache is switched on first so that the bundle itself
// is compiled once, not on every start.
import './compile-cache';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const BUNDLE = join(__dirname, 'seal-bundle.js');

if (existsSync(BUNDLE)) {
  require(BUNDLE);
} else {
  process.stderr.write(`seal: the CLI is not built (${BUNDLE} is missing); run \`npm run build\`\n`);
  process.exitCode = 2;
}
