import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');

describe('seal executable wiring', () => {
  it('is the package bin: the launcher of the bundled CLI, compiled from this folder beside the bundle', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ seal: 'server/dist/cli/seal.js' });
    expect(pkg.scripts.seal).toBe('node server/dist/cli/seal.js');
    const tsconfig = JSON.parse(readFileSync(join(repoRoot, 'server', 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    expect(readFileSync(join(repoRoot, 'server', 'build-cli.mjs'), 'utf8')).toContain("join(here, 'dist', 'cli', 'seal-bundle.js')");
    expect(readFileSync(join(__dirname, 'seal.ts'), 'utf8')).toContain("join(__dirname, 'seal-bundle.js')");
  });

  it('starts with a node shebang, which tsc keeps in the output', () => {
    expect(readFileSync(join(__dirname, 'seal.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('is built by `npm run build`, which the bench and the test run also use', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.scripts.build).toContain('npm run build -w @eseal/server');
    expect(pkg.scripts.test).toContain('npm run build -w @eseal/server');
  });
});
