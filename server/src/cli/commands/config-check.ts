import { isSealError } from '@eseal/core';
import { loadConfig } from '../../config/load-config';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';

/**
 * `seal config check`: validates the environment exactly as the server will at start-up, so an
 * operator finds a wrong variable before a deploy rather than in a crash loop. Secrets print redacted.
 */
export const configCheckCommand: CliCommand = {
  name: 'config check',
  summary: 'Check the server configuration in the environment',
  usage: '[--json]',
  description:
    'Reads the server configuration from the environment as the server does at start-up and prints the\n' +
    'resolved values (secrets redacted). Exits 1 naming every wrong variable.',
  options: { json: { type: 'boolean', description: 'Print the resolved configuration as JSON' } },
  async run(args, io) {
    try {
      const config = loadConfig(io.env);
      const shown = { ...config, mongodbUri: withoutPassword(config.mongodbUri), redisUrl: withoutPassword(config.redisUrl) };
      if (args.values.json) {
        io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
      } else {
        const rows = Object.entries(shown).map(([key, value]) => `  ${key.padEnd(16)} ${String(value)}`);
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
