import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SealError, sm3Hex } from '@eseal/core';
import { SYSTEM_CALLER, type Role } from '../../access/caller';
import { createAccountService, ensureAuthIndexes } from '../../auth';
import { syntheticResidentId, syntheticUscc } from '../../domain';
import type { SealView } from '../../usecases/seals';
import type { UnitView } from '../../usecases/units';
import type { CliCommand, CliIo } from '../cli-command';
import { EXIT } from '../exit-codes';
import { absolute, openCliStores } from './backup-stores';
import { DemoApiClient, type DemoSession } from './demo-api-client';
import { demoMaterials } from './demo-data';
import { samplePdf } from './demo-sample-pdf';

/** The maker's PIN: one-time, so the custodian and the holder replace it before the first signing. */
const DEMO_PIN = '123456';
const ACTIVE_TIMEOUT_MS = 60_000;

/** A demo account with the password it chose at its first sign-in (the one-time password no longer works). */
interface DemoAccount {
  username: string;
  roles: Role[];
  password: string;
}

/**
 * `seal demo`: the newcomer's first seal, made and used through the running service's API as each
 * role would: a seal maker registers a unit and makes its starter package, public security (the
 * local simulator under `npm start`) acknowledges the filings so the seals become ACTIVE, the
 * custodian and the legal representative replace the maker's one-time PIN of the seals they keep or
 * hold, the custodian asks to use the contract seal on a sample PDF, the legal representative (the
 * approver) approves, the custodian signs. Each account signs in with its one-time password and
 * replaces it first, as a person would. Only the accounts are made directly in the database, as
 * `seal admin create` does.
 */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Seed a demo unit, its starter seals, an approved use and a signed sample PDF',
  usage: '[--name NAME] [--out FILE] [--api URL] [--json]',
  description:
    'Against the running service (`npm start` in this folder; or --api / ESEAL_API_URL), registers a unit with\n' +
    'synthetic identifiers, makes its starter package (legal-name, finance, contract and legal-representative seals;\n' +
    `one-time PIN ${DEMO_PIN}), waits until public security has acknowledged them (ACTIVE), has the custodian and the\n` +
    'legal representative replace the one-time PIN, approves one use of the contract seal and signs a sample PDF with\n' +
    'it. Writes the sample and the signed sample (default DATA_DIR/demo/) and prints the seals with their new PINs and\n' +
    'the demo accounts with the passwords they set in place of their one-time passwords.',
  options: {
    name: { type: 'string', valueName: 'NAME', description: 'Unit name (default 天津示例科技有限公司)' },
    out: { type: 'string', valueName: 'FILE', description: 'Where to write the signed sample (default DATA_DIR/demo/sample-signed.pdf)' },
    api: { type: 'string', valueName: 'URL', description: 'Base URL of the running service (default: the one `npm start` recorded)' },
    json: { type: 'boolean', description: 'Print the unit, seals, accounts and files as JSON' },
  },
  async run(args, io) {
    const apiUrl = (typeof args.values.api === 'string' ? args.values.api : io.env.ESEAL_API_URL)?.replace(/\/+$/, '');
    if (!apiUrl) {
      throw new SealError(
        'DEPENDENCY_UNAVAILABLE',
        'no running service found: start it with `npm start` in this folder (or pass --api URL)',
      );
    }
    const stores = await openCliStores(io);
    const signedFile = absolute(
      io.cwd,
      typeof args.values.out === 'string' ? args.values.out : join(stores.config.dataDir, 'demo', 'sample-signed.pdf'),
    );
    const sampleFile = join(dirname(signedFile), 'sample.pdf');
    const tag = randomBytes(3).toString('hex');
    const client = new DemoApiClient(apiUrl);
    const accounts: DemoAccount[] = [];
    try {
      await ensureAuthIndexes(stores.mongo);
      const accountService = createAccountService(stores.mongo);
      const createAccount = async (name: string, roles: Role[], scope: { unitId?: string; personId?: string } = {}) => {
        const created = await accountService.create(SYSTEM_CALLER, { username: `demo.${name}.${tag}`, roles, ...scope });
        // A one-time password's session may only replace it; then the person signs in with their own.
        const password = randomBytes(12).toString('base64url');
        const first = await client.signIn(created.username, created.oneTimePassword);
        await first.post('/auth/password', { currentPassword: created.oneTimePassword, newPassword: password });
        accounts.push({ username: created.username, roles, password });
        return client.signIn(created.username, password);
      };

      const maker = await createAccount('maker', ['SEAL_MAKER_OPERATOR']);
      const unit = await maker.post<UnitView>('/units', {
        name: typeof args.values.name === 'string' ? args.values.name : '天津示例科技有限公司',
        uscc: syntheticUscc(),
        category: 'ENTERPRISE',
        legalRepresentative: { name: '张示例', idNumber: syntheticResidentId() },
      });
      const made = await maker.post<{ seals: SealView[] }>(`/units/${unit.unitId}/starter-package`, {
        channel: 'IN_PERSON',
        materials: demoMaterials(),
        custodian: { name: '李保管', idNumber: syntheticResidentId() },
        custodianPin: DEMO_PIN,
        legalRepresentativePin: DEMO_PIN,
      });
      const seals = await untilActive(maker, made.seals);
      const contract = seals.find((s) => s.kind === 'CONTRACT')!;

      await createAccount('admin', ['UNIT_ADMIN'], { unitId: unit.unitId });
      const keeper = await createAccount('keeper', ['SEAL_CUSTODIAN'], { unitId: unit.unitId, personId: contract.custodian!.personId });
      // 第十六条: the approver is a named person other than the custodian; here the legal representative,
      // who also holds the legal-representative seal.
      const approver = await createAccount('legalrep', ['APPROVER', 'POSITION_SEAL_HOLDER'], {
        unitId: unit.unitId,
        personId: unit.legalRepresentative.personId,
      });

      // The maker's PIN is one-time: whoever keeps or holds a seal sets their own before signing with it.
      const keeperPin = newPin();
      const holderPin = newPin();
      const pins = new Map<string, string>();
      for (const seal of seals) {
        const [session, pin] = seal.kind === 'LEGAL_REPRESENTATIVE' ? [approver, holderPin] : [keeper, keeperPin];
        await session.post(`/seals/${seal.sealId}/pin`, { currentPin: DEMO_PIN, newPin: pin });
        pins.set(seal.sealId, pin);
      }

      const sample = samplePdf([
        'Sample contract',
        `Between ${unit.uscc} and its supplier.`,
        "Sealed by `seal demo` with the unit's contract seal.",
      ]);
      const use = await keeper.post<{ id: string }>('/seal-use-requests', {
        sealId: contract.sealId,
        documentSm3: sm3Hex(sample),
        purpose: 'demo: sample contract',
      });
      await approver.post(`/seal-use-requests/${use.id}/approve`, {});
      const signed = await keeper.post<{ record: { id: string }; signedPdf: string }>('/sign', {
        sealId: contract.sealId,
        pin: keeperPin,
        approvalId: use.id,
        document: Buffer.from(sample).toString('base64'),
        placement: { page: 1, xMm: 120, yMm: 40 },
      });
      mkdirSync(dirname(signedFile), { recursive: true });
      writeFileSync(sampleFile, sample);
      writeFileSync(signedFile, Buffer.from(signed.signedPdf, 'base64'));

      const files = { sample: relativeTo(io, sampleFile), signed: relativeTo(io, signedFile) };
      if (args.values.json) {
        io.stdout(
          `${JSON.stringify({ unit, seals: seals.map(({ sesealDer: _der, ...rest }) => ({ ...rest, pin: pins.get(rest.sealId) })), accounts, useRequestId: use.id, signatureRecordId: signed.record.id, files }, null, 2)}\n`,
        );
      } else {
        printSummary(io, { unit, seals, pins, accounts, useRequestId: use.id, recordId: signed.record.id, files });
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
      const waiting = current
        .filter((s) => s.status !== 'ACTIVE')
        .map((s) => `${s.kind} ${s.status} (filing ${s.filings[0]?.state ?? '-'}${s.filings[0]?.error ? `: ${s.filings[0].error}` : ''})`);
      throw new SealError(
        'DEPENDENCY_UNAVAILABLE',
        `public security has not acknowledged the seals within ${ACTIVE_TIMEOUT_MS / 1000} s: ${waiting.join(', ')}; see /health`,
      );
    }
    await sleep(250);
  }
}

/** Six random digits, never the maker's one-time PIN. */
function newPin(): string {
  for (;;) {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (pin !== DEMO_PIN) return pin;
  }
}

function relativeTo(io: CliIo, file: string): string {
  const rel = relative(io.cwd, file);
  return rel.startsWith('..') ? file : rel;
}

function printSummary(
  io: CliIo,
  demo: {
    unit: UnitView;
    seals: SealView[];
    pins: ReadonlyMap<string, string>;
    accounts: DemoAccount[];
    useRequestId: string;
    recordId: string;
    files: { sample: string; signed: string };
  },
): void {
  const seals = demo.seals.map(
    (s) =>
      `  ${s.kind.padEnd(21)} ${s.sealId}  code ${s.sealCode}  ${s.status}  until ${s.certificate?.notAfter ?? '-'}  PIN ${demo.pins.get(s.sealId) ?? '-'}`,
  );
  const accounts = demo.accounts.map((a) => `  ${a.username.padEnd(24)} ${a.roles.join(',').padEnd(31)} ${a.password}`);
  io.stdout(
    `Unit ${demo.unit.name}  ${demo.unit.unitId}  USCC ${demo.unit.uscc}\n` +
      `Seals, filed with public security (the one-time PIN ${DEMO_PIN} replaced by the custodian's and the legal representative's own):\n${seals.join('\n')}\n` +
      `Accounts (passwords set in place of the one-time passwords at the first sign-in, shown once):\n${accounts.join('\n')}\n` +
      `Approved use ${demo.useRequestId}; signing record ${demo.recordId}\n` +
      `Sample PDF ${demo.files.sample}, signed with the contract seal: ${demo.files.signed}\n` +
      `Verify it: npm run seal -- verify ${demo.files.signed}\n`,
  );
}
