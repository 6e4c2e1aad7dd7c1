import { SealError } from '@eseal/core';
import { ROLES, SYSTEM_CALLER, type Role } from '../../access/caller';
import type { CliCommand } from '../../cli/cli-command';
import { EXIT } from '../../cli/exit-codes';
import { openCliStores } from '../../cli/commands/backup-stores';
import { createAccountService, ensureAuthIndexes } from '../index';

/**
 * `seal admin create --role ROLE --username NAME [--unit ID]`: the bootstrap path. Whoever can run
 * the CLI against the database is already trusted with it, so this acts as the system; the first
 * public-security administrator is made this way and creates everyone else through the API.
 */
export const adminCreateCommand: CliCommand = {
  name: 'admin create',
  summary: 'Create an account and print its one-time password',
  usage: '--role ROLE --username NAME [--unit UNIT_ID] [--json]',
  description:
    'Creates a sign-in account in the database of MONGODB_URI and prints a one-time password, shown\n' +
    'only now (the database keeps its scrypt hash). The holder signs in with it at POST /api/v1/auth/sign-in\n' +
    'and must change it (POST /api/v1/auth/password). Roles: ' +
    ROLES.filter((r) => r !== 'API_CLIENT').join(', ') +
    '.\n' +
    'Unit roles (UNIT_ADMIN, SEAL_CUSTODIAN, APPROVER, POSITION_SEAL_HOLDER) need --unit.',
  options: {
    role: { type: 'string', multiple: true, valueName: 'ROLE', description: 'Role of the account (repeatable)' },
    username: { type: 'string', valueName: 'NAME', description: 'Sign-in name (3-64 of A-Z a-z 0-9 . _ @ -)' },
    unit: { type: 'string', valueName: 'UNIT_ID', description: 'Unit of a unit-scoped account' },
    json: { type: 'boolean', description: 'Print { accountId, username, oneTimePassword } as JSON' },
  },
  async run(args, io) {
    const roles = (args.values.role ?? []) as string[];
    const username = args.values.username;
    const unit = args.values.unit;
    if (roles.length === 0 || typeof username !== 'string') throw new SealError('VALIDATION_FAILED', '--role and --username are required');
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r) || r === 'API_CLIENT');
    if (unknown.length > 0) throw new SealError('VALIDATION_FAILED', `unknown role ${unknown.join(', ')}`);
    if (!/^[A-Za-z0-9._@-]{3,64}$/.test(username)) throw new SealError('VALIDATION_FAILED', 'username must be 3-64 of A-Z a-z 0-9 . _ @ -');
    const stores = await openCliStores(io);
    try {
      await ensureAuthIndexes(stores.mongo);
      const created = await createAccountService(stores.mongo).create(SYSTEM_CALLER, {
        username,
        roles: roles as Role[],
        ...(typeof unit === 'string' ? { unitId: unit } : {}),
      });
      io.stdout(
        args.values.json
          ? `${JSON.stringify(created)}\n`
          : `Account ${created.username} (${created.accountId}) created with ${roles.join(', ')}.\n` +
              `One-time password (shown once): ${created.oneTimePassword}\n` +
              'Sign in with it and change it at once.\n',
      );
      return EXIT.OK;
    } finally {
      await stores.close();
    }
  },
};
