export { runCli } from './run-cli';
export { COMMANDS } from './commands';
export { EXIT, type ExitCode } from './exit-codes';
export type { CliCommand, CliIo, CliOption, CliArgs } from './cli-command';
