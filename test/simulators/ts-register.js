'use strict';
/**
 * Lets a simulator run straight from TypeScript sources in a child process, without a prior tsc
 * build: .ts files are compiled on require with swc (already a dev dependency for jest).
 * Type checking stays with tsc and jest; this only strips types.
 */
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
