import { execFile } from 'node:child_process';

export interface OpensslSm2Speed {
  signPerSecond: number;
  verifyPerSecond: number;
  version: string;
}

/**
 * Runs `openssl speed -seconds N sm2` and reads its summary row, e.g.
 *   " 256 bits SM2 (CurveSM2)   0.0004s   0.0004s   2425.0   2471.5"
 * (columns: sign time, verify time, sign/s, verify/s).
 */
export async function opensslSm2Speed(seconds: number): Promise<OpensslSm2Speed> {
  const output = await run('openssl', ['speed', '-seconds', String(seconds), 'sm2'], (seconds * 2 + 30) * 1000);
  const version = (await run('openssl', ['version'], 10_000)).trim();
  return { ...parseOpensslSm2Speed(output), version };
}

export function parseOpensslSm2Speed(output: string): { signPerSecond: number; verifyPerSecond: number } {
  const row = output.split('\n').find((line) => /\bSM2\b/.test(line) && /bits/.test(line) && /s\s+[\d.]+\s+[\d.]+\s*$/.test(line));
  const match = row?.match(/([\d.]+)\s+([\d.]+)\s*$/);
  if (!match) throw new Error(`cannot find the SM2 row in openssl speed output:\n${output.slice(-500)}`);
  return { signPerSecond: Number(match[1]), verifyPerSecond: Number(match[2]) };
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr || err.message}`)) : resolve(stdout + stderr),
    );
  });
}
