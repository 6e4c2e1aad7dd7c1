import { readFileSync, readdirSync } from 'node:fs';

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ: 100 on every Linux the project runs on). */
const TICKS_PER_SECOND = 100;

export interface ProcessCpu {
  /** A short name: the binary, or the script a node process runs. */
  readonly name: string;
  readonly pid: number;
}

/**
 * The local service processes whose command line names `marker` (their data folder): FerretDB,
 * Redis, the simulators. Linux only (/proc); elsewhere none, and the bench reports no split.
 */
export function processesNaming(marker: string): ProcessCpu[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  const found: ProcessCpu[] = [];
  for (const pid of pids) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (Number(pid) === process.pid || !args.some((a) => a.includes(marker))) continue;
      const binary = args[0]!.split('/').pop()!;
      const script = args.find((a) => a.endsWith('.js'));
      found.push({ pid: Number(pid), name: binary === 'node' && script ? script.split('/').slice(-2).join('/') : binary });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    // The fields after the command name (which may hold spaces) start after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of this process and of each given one, from now until the returned function is called. */
export function measureCpu(processes: readonly ProcessCpu[]): () => Array<{ name: string; seconds: number }> {
  const self = process.cpuUsage();
  const before = processes.map((p) => cpuSecondsOf(p.pid));
  return () => {
    const own = process.cpuUsage(self);
    return [
      { name: 'bench process (dispatcher, relay worker, adapter)', seconds: (own.user + own.system) / 1e6 },
      ...processes.map((p, i) => ({ name: p.name, seconds: cpuSecondsOf(p.pid) - before[i]! })),
    ];
  };
}
