// Bundles the `seal` CLI into one file, dist/cli/seal-bundle.js (esbuild), which the bin dist/cli/seal.js
// loads. A short-lived process pays for every module it resolves, reads and compiles: `seal verify` from
// tsc's output loads some 150 files of ours; from the bundle, one. Our workspaces are bundled from their
// sources (the chaincode from its tsc output, which keeps its decorator metadata); npm packages stay
// outside and load, as before, only when a command needs them. Commands load lazily inside the bundle too.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** `@eseal/core`, `@eseal/core/verifier`, `@eseal/worker` to their TypeScript sources, as the tests see them. */
const FROM_SOURCE = /^@eseal\/(core|worker)(?:\/(verifier|errors))?$/;

const result = await build({
  entryPoints: [join(here, 'src', 'cli', 'main.ts')],
  outfile: join(here, 'dist', 'cli', 'seal-bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  // dist/cli/ is where tsc puts main.js, so every `__dirname` in the bundled code (web pages, package.json)
  // points where it did.
  absWorkingDir: root,
  metafile: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'eseal-workspaces',
      setup(on) {
        on.onResolve({ filter: /^[^./]/ }, ({ path }) => {
          const source = FROM_SOURCE.exec(path);
          if (source) return { path: join(root, source[1], 'src', `${source[2] ?? 'index'}.ts`) };
          if (path.startsWith('@eseal/')) return undefined; // the chaincode: its tsc output, through the workspace link
          return { path, external: true };
        });
      },
    },
  ],
});

const [output] = Object.values(result.metafile.outputs);
console.log(
  `cli: bundled ${Object.keys(result.metafile.inputs).length} modules into dist/cli/seal-bundle.js (${(output.bytes / 1024).toFixed(0)} KB)`,
);
