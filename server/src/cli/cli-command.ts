import type { ExitCode } from './exit-codes';

/** Where a command reads and writes; the real process in main.ts, buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface CliOption {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help for string options, e.g. "FILE". */
  valueName?: string;
  description: string;
}

export interface CliArgs {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

/**
 * One `seal` command, registered in ./commands.ts. A name may have several words ("audit verify").
 */
export interface CliCommand {
  name: string;
  summary: string;
  /** Argument synopsis after the name, e.g. "<file.pdf> [--json] [--bundle FILE]". */
  usage: string;
  description?: string;
  options?: Record<string, CliOption>;
  /** Positional arguments accepted; an extra one is a usage error (exit 2). */
  positionals?: { min: number; max: number };
  run(args: CliArgs, io: CliIo): Promise<ExitCode>;
}
