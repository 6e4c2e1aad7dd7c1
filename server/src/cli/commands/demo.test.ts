import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../run-cli';
import { samplePdf } from './demo-sample-pdf';

/**
 * `seal demo` works through the running service; its whole path (npm start, the simulator, the
 * signed sample) is exercised by test/readme/first-ten-minutes.test.ts. Here: what it does without
 * one, and the sample PDF it writes, judged by independent tools.
 */
describe('seal demo', () => {
  it('without a running service says how to start one, with a coded error and exit 1', async () => {
    let stderr = '';
    const dataDir = mkdtempSync(join(tmpdir(), 'eseal-demo-'));
    try {
      const code = await runCli(['demo'], {
        stdout: () => undefined,
        stderr: (t) => (stderr += t),
        env: { DATA_DIR: dataDir },
        cwd: dataDir,
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(/DEPENDENCY_UNAVAILABLE: no running service found: start it with `npm start`/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('writes a sample PDF that qpdf accepts and whose text poppler reads back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eseal-sample-'));
    try {
      const file = join(dir, 'sample.pdf');
      writeFileSync(file, samplePdf(['Sample contract', 'Between (A) and B\\C.']));
      const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
      expect(check.stdout).toContain('No syntax or stream encoding errors found');
      expect(check.status).toBe(0);
      const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text.stdout).toContain('Sample contract');
      expect(text.stdout).toContain('Between (A) and B\\C.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses sample text WinAnsi would not show as written', () => {
    expect(() => samplePdf(['天津'])).toThrow(/printable ASCII/);
  });
});
