import type { ProcessExit } from './managed-process';

/** A local server we started and answer for. */
export interface RunningService {
  url: string;
  pid: number;
  /** The executable it runs (as the process's argv[0]). */
  binary: string;
  /** Settles when the process has exited, whether stopped or crashed. */
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}
