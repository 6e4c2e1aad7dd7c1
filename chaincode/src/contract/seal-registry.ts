import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { type AccessPolicy, type LedgerAction, accessPolicyFromEnv, assertAllowed, assertMayAlterSeal } from './access-policy';
import { canonicalJson } from './canonical-json';
import { ChaincodeError } from './errors';
import type { SealRecord } from './model';
import { anchorBatch, parseAnchorBatch } from './evidence';
import {
  anchorAudit,
  getAuditAnchor,
  getAuditAnchors,
  parseAuditAnchorQuery,
  parseAuditCheckpoint,
  requireAuditSeq,
} from './audit-anchors';
import { parseChangeInput, parseIssueInput, parseRenewInput, parseRevokeInput } from './seal-input';
import { changeSeal, issueSeal, renewSeal, revokeSeal } from './seal-lifecycle';
import { MAX_PAGE_SIZE, getBatch, getBatchSignature, getSeal, getSealHistory, querySealsByUnit } from './queries';
import { parsePageSize, requireRecordId, requireSealId, requireSm3, requireUnitId } from './validate';

export const CONTRACT_NAME = 'SealRegistry';

/**
 * Seal lifecycle and signature evidence. Every argument is a string (JSON for structured input) and every
 * result is canonical JSON text, so the Fabric runtime and the embedded ledger pass them through unchanged.
 */
@Info({ title: CONTRACT_NAME, description: 'Electronic seal lifecycle and signature evidence (hashes and status only)' })
export class SealRegistry extends Contract {
  /** Underscore keeps it out of the contract metadata that Fabric generates from instance fields. */
  private readonly _policy: AccessPolicy;

  /** Fabric constructs contracts without arguments, so the default policy comes from the environment. */
  constructor(policy: AccessPolicy = accessPolicyFromEnv(process.env)) {
    super(CONTRACT_NAME);
    this._policy = policy;
  }

  @Transaction()
  @Returns('string')
  async IssueSeal(ctx: Context, seal: string): Promise<string> {
    const caller = assertAllowed(ctx, this._policy, 'issue');
    return canonicalJson(await issueSeal(ctx, parseIssueInput(seal), caller));
  }

  @Transaction()
  @Returns('string')
  async ChangeSeal(ctx: Context, change: string): Promise<string> {
    const caller = assertAllowed(ctx, this._policy, 'change');
    return canonicalJson(await changeSeal(ctx, parseChangeInput(change), this._ownSealsOnly(caller, 'change')));
  }

  @Transaction()
  @Returns('string')
  async RenewSeal(ctx: Context, renewal: string): Promise<string> {
    const caller = assertAllowed(ctx, this._policy, 'renew');
    return canonicalJson(await renewSeal(ctx, parseRenewInput(renewal), this._ownSealsOnly(caller, 'renew')));
  }

  @Transaction()
  @Returns('string')
  async RevokeSeal(ctx: Context, revocation: string): Promise<string> {
    const caller = assertAllowed(ctx, this._policy, 'revoke');
    return canonicalJson(await revokeSeal(ctx, parseRevokeInput(revocation), caller, this._ownSealsOnly(caller, 'revoke')));
  }

  @Transaction()
  @Returns('string')
  async AnchorBatch(ctx: Context, batch: string): Promise<string> {
    const caller = assertAllowed(ctx, this._policy, 'anchor');
    return canonicalJson(await anchorBatch(ctx, parseAnchorBatch(batch), caller));
  }

  /** Same right as AnchorBatch: the service that anchors evidence also anchors its audit log. */
  @Transaction()
  @Returns('string')
  async AnchorAudit(ctx: Context, checkpoint: string): Promise<string> {
    const caller = assertAllowed(ctx, this._policy, 'anchor');
    return canonicalJson(await anchorAudit(ctx, parseAuditCheckpoint(checkpoint), caller));
  }

  @Transaction(false)
  @Returns('string')
  async GetAuditAnchors(ctx: Context, query: string): Promise<string> {
    return canonicalJson(await getAuditAnchors(ctx, parseAuditAnchorQuery(query)));
  }

  @Transaction(false)
  @Returns('string')
  async GetAuditAnchor(ctx: Context, toSeq: string): Promise<string> {
    return canonicalJson(await getAuditAnchor(ctx, requireAuditSeq(toSeq)));
  }

  @Transaction(false)
  @Returns('string')
  async GetSeal(ctx: Context, sealId: string): Promise<string> {
    return getSeal(ctx, requireSealId(sealId));
  }

  @Transaction(false)
  @Returns('string')
  async GetSealHistory(ctx: Context, sealId: string): Promise<string> {
    return canonicalJson(await getSealHistory(ctx, requireSealId(sealId)));
  }

  @Transaction(false)
  @Returns('string')
  async QuerySealsByUnit(ctx: Context, unitId: string, pageSize: string, bookmark: string): Promise<string> {
    const size = parsePageSize(pageSize, MAX_PAGE_SIZE);
    return canonicalJson(await querySealsByUnit(ctx, requireUnitId(unitId), size, bookmark));
  }

  /** The signature's record within its batch (the ledger keeps no key per signature). */
  @Transaction(false)
  @Returns('string')
  async GetBatchSignature(ctx: Context, batchId: string, signatureSm3: string): Promise<string> {
    return canonicalJson(await getBatchSignature(ctx, requireRecordId(batchId, 'batchId'), requireSm3(signatureSm3, 'signatureSm3')));
  }

  @Transaction(false)
  @Returns('string')
  async GetBatch(ctx: Context, batchId: string): Promise<string> {
    return getBatch(ctx, requireRecordId(batchId, 'batchId'));
  }

  /** Underscore: never a transaction, even if the decorators were removed (fabric-shim skips such names). */
  private _ownSealsOnly(callerMsp: string, action: LedgerAction) {
    return (seal: SealRecord) => assertMayAlterSeal(this._policy, callerMsp, seal, action);
  }

  /** A coded error instead of the default plain one, so clients can tell a wrong name from a fault. */
  override async unknownTransaction(ctx: Context): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    throw new ChaincodeError('NOT_FOUND', `no transaction named ${fcn}`, { transaction: fcn });
  }
}
