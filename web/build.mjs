// Builds the browser pages into dist/: one ES module bundle per page (esbuild, minified, with source
// maps), the HTML shells and the style sheet copied beside them. No CDN and no inline code: the server
// serves dist/ under the same origin and a Content-Security-Policy of 'self'.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
const pages = ['portal', 'stats', 'console'].filter((page) => existsSync(join(here, 'src', page, 'main.tsx')));

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: Object.fromEntries(pages.map((page) => [page, join(here, 'src', page, 'main.tsx')])),
  outdir: join(out, 'assets'),
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  logLevel: 'warning',
});

for (const file of readdirSync(join(here, 'src', 'pages'))) cpSync(join(here, 'src', 'pages', file), join(out, file));
for (const file of readdirSync(join(here, 'src', 'styles'))) cpSync(join(here, 'src', 'styles', file), join(out, 'assets', file));

const sizes = Object.entries(result.metafile.outputs)
  .filter(([name]) => name.endsWith('.js'))
  .map(([name, info]) => `${name.split('/').pop()} ${(info.bytes / 1024).toFixed(1)} KB`);
console.log(`web: built ${sizes.join(', ')}`);
