import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SealError, isSealError } from '@eseal/core/errors';
import type { CliCommand, CliIo } from './cli-command';
import { COMMANDS } from './commands';
import { EXIT, type ExitCode } from './exit-codes';
import { PROGRAM, formatCommandHelp, formatOverview } from './help';

/**
 * Dispatches `seal <command words> [args]` to the registered command and turns every outcome into an
 * exit code. Never throws and never calls process.exit, so main.ts can drain before exiting.
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(formatOverview(commands));
    return EXIT.USAGE;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(formatOverview(commands));
    return EXIT.OK;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${PROGRAM} ${readVersion()}\n`);
    return EXIT.OK;
  }
  if (first === 'help') {
    if (rest.length === 0) {
      io.stdout(formatOverview(commands));
      return EXIT.OK;
    }
    const match = findCommand(commands, rest);
    if (!match || match.rest.length > 0) return unknownCommand(rest, io);
    io.stdout(formatCommandHelp(match.command));
    return EXIT.OK;
  }

  const match = findCommand(commands, argv);
  if (!match) return unknownCommand(argv, io);
  return runCommand(match.command, match.rest, io);
}

async function runCommand(command: CliCommand, args: string[], io: CliIo): Promise<ExitCode> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: { ...toParseArgsOptions(command), help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError(command, (error as Error).message, io);
  }
  if (parsed.values.help) {
    io.stdout(formatCommandHelp(command));
    return EXIT.OK;
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    return usageError(command, `expected ${expected} argument(s), got ${parsed.positionals.length}`, io);
  }
  try {
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (error) {
    const sealError = isSealError(error) ? error : new SealError('INTERNAL', (error as Error)?.message ?? String(error), { cause: error });
    io.stderr(`${PROGRAM} ${command.name}: ${sealError.code}: ${sealError.message}\n`);
    return sealError.code === 'VALIDATION_FAILED' ? EXIT.USAGE : EXIT.FAILURE;
  }
}

/** Longest match first, so "audit verify" wins over a plain "audit". */
function findCommand(commands: readonly CliCommand[], words: readonly string[]): { command: CliCommand; rest: string[] } | undefined {
  const candidates = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of candidates) {
    const nameWords = command.name.split(' ');
    if (nameWords.every((word, i) => words[i] === word)) return { command, rest: words.slice(nameWords.length) };
  }
  return undefined;
}

function toParseArgsOptions(command: CliCommand) {
  return Object.fromEntries(
    Object.entries(command.options ?? {}).map(([name, option]) => [
      name,
      { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) },
    ]),
  );
}

function usageError(command: CliCommand, message: string, io: CliIo): ExitCode {
  io.stderr(`${PROGRAM} ${command.name}: ${message}\nUsage: ${PROGRAM} ${command.name} ${command.usage}\n`);
  return EXIT.USAGE;
}

function unknownCommand(words: readonly string[], io: CliIo): ExitCode {
  io.stderr(`${PROGRAM}: unknown command '${words.join(' ')}'. Run '${PROGRAM} --help' for the list.\n`);
  return EXIT.USAGE;
}

/** The server package's version; the same relative path works from src/cli and dist/cli. */
function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
