import type { CliCommand, CliOption } from './cli-command';

export const PROGRAM = 'seal';

export function formatOverview(commands: readonly CliCommand[]): string {
  const width = Math.max(4, ...commands.map((c) => c.name.length));
  const lines = [
    `${PROGRAM} - electronic seal service command line`,
    '',
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  Show help for a command`,
    '',
    'Options:',
    '  -h, --help     Show this help',
    '  -v, --version  Show the version',
    '',
    `Run '${PROGRAM} help <command>' for a command's options.`,
    'Exit codes: 0 ok, 1 failure (or a check said no), 2 usage error or unreadable input.',
  ];
  return `${lines.join('\n')}\n`;
}

export function formatCommandHelp(command: CliCommand): string {
  const options: Array<[string, CliOption]> = [
    ...Object.entries(command.options ?? {}),
    ['help', { type: 'boolean', short: 'h', description: 'Show this help' }],
  ];
  const labels = options.map(([name, option]) => {
    const flag = option.short ? `-${option.short}, --${name}` : `    --${name}`;
    return option.type === 'string' ? `${flag} ${option.valueName ?? 'VALUE'}` : flag;
  });
  const width = Math.max(...labels.map((label) => label.length));
  const lines = [
    `Usage: ${PROGRAM} ${command.name}${command.usage ? ` ${command.usage}` : ''}`,
    '',
    command.description ?? command.summary,
    '',
    'Options:',
    ...options.map(([, option], i) => `  ${labels[i].padEnd(width)}  ${option.description}`),
  ];
  return `${lines.join('\n')}\n`;
}
