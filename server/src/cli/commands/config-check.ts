import { isSealError } from '@eseal/core';
import { checkStartEnvironment } from '../../composition/start-environment';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';

/**
 * `seal config check`: validates the environment with the checks `npm start` makes before it starts
 * anything (checkStartEnvironment), so it accepts exactly what `npm start` accepts and an operator
 * finds a wrong variable before a deploy rather than in a crash loop. Secrets print redacted.
 */
export const configCheckCommand: CliCommand = {
  name: 'config check',
  summary: 'Check the server configuration in the environment',
  usage: '[--json]',
  description:
    'Checks the environment as `npm start` does before it starts anything (server, security, lifecycle and\n' +
    'ledger settings) and prints the resolved values (secrets redacted) and which local services a start\n' +
    'would launch. Like `npm start`, it creates the development key file when a one-machine start needs it.\n' +
    'Exits 1 naming what is wrong.',
  options: { json: { type: 'boolean', description: 'Print the resolved configuration as JSON' } },
  async run(args, io) {
    try {
      const { config, launches } = checkStartEnvironment(io.env);
      const shown = {
        ...config,
        mongodbUri: launches.mongodb ? 'local FerretDB, started by npm start' : withoutPassword(config.mongodbUri),
        redisUrl: launches.redis ? 'local Redis, started by npm start' : withoutPassword(config.redisUrl),
        publicSecurityFiling: launches.publicSecurity
          ? 'local simulator, started by npm start'
          : io.env.PUBLIC_SECURITY_FILING_URL?.trim() || 'unset: filings wait',
      };
      if (args.values.json) {
        io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
      } else {
        const rows = Object.entries(shown).map(([key, value]) => `  ${key.padEnd(20)} ${String(value)}`);
        io.stdout(`Configuration is valid:\n${rows.join('\n')}\n`);
      }
      return EXIT.OK;
    } catch (error) {
      if (!isSealError(error) || error.code !== 'CONFIG_INVALID') throw error;
      io.stderr(`${error.message}\n`);
      return EXIT.FAILURE;
    }
  },
};

/** Connection strings often carry a password; the output may end up in a ticket or a CI log. */
function withoutPassword(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.password === '') return uri;
    url.password = 'redacted';
    return url.toString();
  } catch {
    return uri;
  }
}
