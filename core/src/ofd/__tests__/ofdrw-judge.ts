/**
 * TEST-ONLY: the ofdrw judge (tools/ofdrw-judge), an independent Java implementation of OFD signing
 * and verification. Setup builds it into the tool cache when Java and Maven are present and links
 * it as .tools/ofdrw-judge; ESEAL_OFDRW_JUDGE points elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface OfdrwJudge {
  run(args: string[]): { code: number; stdout: string; stderr: string };
}

export function findOfdrwJudge(): OfdrwJudge | { absent: string } {
  const home = process.env.ESEAL_OFDRW_JUDGE || resolve(__dirname, '../../../../.tools/ofdrw-judge');
  if (spawnSync('java', ['-version']).status !== 0)
    return { absent: 'java is not installed: install a JDK 11+ and Maven, then run `npm run setup`' };
  if (!existsSync(join(home, 'classes', 'OfdrwJudge.class')))
    return { absent: `the ofdrw judge is not built (${home}): run \`npm run setup\` with Java and Maven installed` };
  const classpath = `${join(home, 'classes')}:${join(home, 'lib', '*')}`;
  return {
    run(args) {
      const result = spawnSync('java', ['-cp', classpath, 'OfdrwJudge', ...args], { encoding: 'utf8', timeout: 120_000 });
      return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
    },
  };
}
