import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');

describe('seal executable wiring', () => {
  it('is the package bin, compiled from this folder', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ seal: 'server/dist/cli/main.js' });
    const tsconfig = JSON.parse(readFileSync(join(repoRoot, 'server', 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
  });

  it('starts with a node shebang, which tsc keeps in the output', () => {
    expect(readFileSync(join(__dirname, 'main.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
