import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SealError } from '@eseal/core';
import { SYSTEM_CALLER, type Role } from '../../access/caller';
import { accountModel } from '../../auth/account.model';
import { AccountService } from '../../auth/accounts';
import { ensureAuthIndexes } from '../../auth';
import { syntheticResidentId, syntheticUscc } from '../../domain';
import type { SealView } from '../../usecases/seals';
import type { UnitView } from '../../usecases/units';
import type { CliCommand, CliIo } from '../cli-command';
import { EXIT } from '../exit-codes';
import { absolute, openCliStores } from './backup-stores';
import { DemoApiClient, type DemoSession } from './demo-api-client';
import { demoMaterials } from './demo-data';
import { samplePdf } from './demo-sample-pdf';

const DEMO_PIN = '123456';
const ACTIVE_TIMEOUT_MS = 60_000;

interface DemoAccount { username: string; roles: Role[]; oneTimePassword: string }

/**
 * `seal demo`: the newcomer's first seal, made and used through the running service's API as each
 * role would: a seal maker registers a unit and makes its starter package, public security (the
 * local simulator under `npm start`) acknowledges the filings so the seals become ACTIVE, the
 * custodian asks to use the contract seal on a sample PDF, the approver approves, the custodian signs.
 * Only the accounts are made directly in the database, as `seal admin create` does.
 */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Seed a demo unit, its starter seals, an approved use and a signed sample PDF',
  usage: '[--name NAME] [--out FILE] [--api URL] [--json]',
  description:
    'Against the running service (`npm start` in this folder; or --api / ESEAL_API_URL), registers a unit with\n' +
    'synthetic identifiers, makes its starter package (legal-name, finance, contract and legal-representative seals;\n' +
    `PIN ${DEMO_PIN}), waits until public security has acknowledged them (ACTIVE), approves one use of the contract seal\n` +
    'and signs a sample PDF with it. Writes the sample and the signed sample (default DATA_DIR/demo/) and prints the\n' +
    'demo accounts with their one-time passwords.',
  options: {
    name: { type: 'string', valueName: 'NAME', description: 'Unit name (default 天津示例科技有限公司)' },
    out: { type: 'string', valueName: 'FILE', description: 'Where to write the signed sample (default DATA_DIR/demo/sample-signed.pdf)' },
    api: { type: 'string', valueName: 'URL', description: 'Base URL of the running service (default: the one `npm start` recorded)' },
    json: { type: 'boolean', description: 'Print the unit, seals, accounts and files as JSON' },
  },
  async run(args, io) {
    const apiUrl = (typeof args.values.api === 'string' ? args.values.api : io.env.ESEAL_API_URL)?.replace(/\/+$/, '');
    if (!apiUrl) {
      throw new SealError('DEPENDENCY_UNAVAILABLE', 'no running service found: start it with `npm start` in this folder (or pass --api URL)');
    }
    const stores = await openCliStores(io);
    const signedFile = absolute(io.cwd, typeof args.values.out === 'string' ? args.values.out : join(stores.config.dataDir, 'demo', 'sample-signed.pdf'));
    const sampleFile = join(dirname(signedFile), 'sample.pdf');
    const tag = randomBytes(3).toString('hex');
    const client = new DemoApiClient(apiUrl);
    const accounts: DemoAccount[] = [];
    try {
      await ensureAuthIndexes(stores.mongo);
      const accountService = new AccountService(accountModel(stores.mongo));
      const createAccount = async (name: string, roles: Role[], scope: { unitId?: string; personId?: string } = {}) => {
        const created = await accountService.create(SYSTEM_CALLER, { username: `demo.${name}.${tag}`, roles, ...scope });
        accounts.push({ username: created.username, roles, oneTimePassword: created.oneTimePassword });
        return client.signIn(created.username, created.oneTimePassword);
      };

      const maker = await createAccount('maker', ['SEAL_MAKER_OPERATOR']);
      const unit = await maker.post<UnitView>('/units', {
        name: typeof args.values.name === 'string' ? args.values.name : '天津示例科技有限公司',
        uscc: syntheticUscc(), category: 'ENTERPRISE', legalRepresentative: { name: '张示例', idNumber: syntheticResidentId() },
      });
      const made = await maker.post<{ seals: SealView[] }>(`/units/${unit.unitId}/starter-package`, {
        channel: 'IN_PERSON', materials: demoMaterials(), custodian: { name: '李保管', idNumber: syntheticResidentId() },
        custodianPin: DEMO_PIN, legalRepresentativePin: DEMO_PIN,
      });
      const seals = await untilActive(maker, made.seals);
      const contract = seals.find((s) => s.kind === 'CONTRACT')!;

      await createAccount('admin', ['UNIT_ADMIN'], { unitId: unit.unitId });
      const keeper = await createAccount('keeper', ['SEAL_CUSTODIAN'], { unitId: unit.unitId, personId: contract.custodian!.personId });
      const approver = await createAccount('approver', ['APPROVER'], { unitId: unit.unitId });

      const sample = samplePdf(['Sample contract', `Between ${unit.uscc} and its supplier.`, 'Sealed by `seal demo` with the unit\'s contract seal.']);
      const use = await keeper.post<{ id: string }>('/seal-use-requests', { sealId: contract.sealId, documentSm3: sm3Hex(sample), purpose: 'demo: sample contract' });
      await approver.post(`/seal-use-requests/${use.id}/approve`, {});
      const signed = await keeper.post<{ record: { id: string }; signedPdf: string }>('/sign', {
        sealId: contract.sealId, pin: DEMO_PIN, approvalId: use.id, document: Buffer.from(sample).toString('base64'),
        placement: { page: 1, xMm: 120, yMm: 40 },
      });
      mkdirSync(dirname(signedFile), { recursive: true });
      writeFileSync(sampleFile, sample);
      writeFileSync(signedFile, Buffer.from(signed.signedPdf, 'base64'));

      const files = { sample: relativeTo(io, sampleFile), signed: relativeTo(io, signedFile) };
      if (args.values.json) {
        io.stdout(`${JSON.stringify({ unit, seals: seals.map(({ sesealDer: _der, ...rest }) => rest), accounts, useRequestId: use.id, signatureRecordId: signed.record.id, files }, null, 2)}\n`);
      } else {
        printSummary(io, { unit, seals, accounts, useRequestId: use.id, recordId: signed.record.id, files });
      }
      return EXIT.OK;
    } finally {
      await stores.close();
    }
  },
};

/** Filing is asynchronous (the worker files, public security acknowledges): poll until every seal is ACTIVE. */
async function untilActive(session: DemoSession, seals: SealView[]): Promise<SealView[]> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const current = await Promise.all(seals.map((s) => session.get<SealView>(`/seals/${s.sealId}`)));
    if (current.every((s) => s.status === 'ACTIVE')) return current;
    if (Date.now() > deadline) {
      const waiting = current.filter((s) => s.status !== 'ACTIVE').map((s) => `${s.kind} ${s.status} (filing ${s.filings[0]?.state ?? '-'}${s.filings[0]?.error ? `: ${s.filings[0].error}` : ''})`);
      throw new SealError('DEPENDENCY_UNAVAILABLE', `public security has not acknowledged the seals within ${ACTIVE_TIMEOUT_MS / 1000} s: ${waiting.join(', ')}; see /health`);
    }
    await sleep(250);
  }
}

function sm3Hex(bytes: Uint8Array): string {
  return createHash('sm3').update(bytes).digest('hex');
}

function relativeTo(io: CliIo, file: string): string {
  const rel = relative(io.cwd, file);
  return rel.startsWith('..') ? file : rel;
}

function printSummary(io: CliIo, demo: { unit: UnitView; seals: SealView[]; accounts: DemoAccount[]; useRequestId: string; recordId: string; files: { sample: string; signed: string } }): void {
  const seals = demo.seals.map((s) => `  ${s.kind.padEnd(21)} ${s.sealId}  code ${s.sealCode}  ${s.status}  until ${s.certificate?.notAfter ?? '-'}`);
  const accounts = demo.accounts.map((a) => `  ${a.username.padEnd(24)} ${a.roles.join(',').padEnd(20)} ${a.oneTimePassword}`);
  io.stdout(
    `Unit ${demo.unit.name}  ${demo.unit.unitId}  USCC ${demo.unit.uscc}\n` +
    `Seals (PIN ${DEMO_PIN}), filed with public security:\n${seals.join('\n')}\n` +
    `Accounts (one-time passwords, shown once):\n${accounts.join('\n')}\n` +
    `Approved use ${demo.useRequestId}; signing record ${demo.recordId}\n` +
    `Sample PDF ${demo.files.sample}, signed with the contract seal: ${demo.files.signed}\n` +
    `Verify it: npm run seal -- verify ${demo.files.signed}\n`,
  );
}
