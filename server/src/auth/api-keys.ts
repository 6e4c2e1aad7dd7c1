import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SealError } from '@eseal/core';
import type { Model } from 'mongoose';
import { CLIENT_CLASS_OPERATIONS, assertAllowed, hasRole, type Caller, type ClientClass, type Operation } from '../access';
import type { ApiKeyDoc } from './api-key.model';
import { mapPage, pageById, type ListPage, type PageRequest } from '../store/list-page';

/** `esk_<16 hex id>_<43 base64url secret>`: the id finds the record, the secret proves possession. */
const KEY_PATTERN = /^esk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const MAX_LIFETIME_DAYS = 366;
const MAX_ROTATION_GRACE_SECONDS = 24 * 60 * 60;

export interface NewApiKey {
  name: string;
  clientClass: ClientClass;
  /** Defaults to everything the class may do. */
  scopes?: Operation[];
  unitIds: string[];
  expiresInDays: number;
}

/** What the creator sees once; the secret is not recoverable afterwards. */
export interface IssuedApiKey {
  keyId: string;
  apiKey: string;
  expiresAt: string;
}

/** The stored key without its secret hash; `keyId` names it as every resource's id field does (`_id` stays for older clients). */
export type ApiKeyView = Omit<ApiKeyDoc, 'secretHash'> & { keyId: string };

/**
 * API keys of third-party systems (第十八条): created for given units and operations, rotated, revoked.
 * Stored as HMAC-SM3(pepper, secret), the pepper derived from the server KEK, so a copy of the
 * database alone does not let anyone test guesses.
 */
export class ApiKeyService {
  constructor(
    private readonly keys: Model<ApiKeyDoc>,
    private readonly pepper: Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(caller: Caller, input: NewApiKey): Promise<IssuedApiKey> {
    this.assertMayManage(caller, input.unitIds, input.clientClass);
    const allowed = CLIENT_CLASS_OPERATIONS[input.clientClass];
    const scopes = [...new Set(input.scopes ?? allowed)];
    const beyond = scopes.filter((s) => !allowed.includes(s));
    if (beyond.length > 0) {
      throw new SealError('VALIDATION_FAILED', `a ${input.clientClass} key cannot be scoped to ${beyond.join(', ')} (第十八条)`, {
        details: { scopes: beyond },
      });
    }
    if (!(input.expiresInDays > 0 && input.expiresInDays <= MAX_LIFETIME_DAYS)) {
      throw new SealError('VALIDATION_FAILED', `expiresInDays must be 1-${MAX_LIFETIME_DAYS}`);
    }
    const expiresAt = new Date(this.now().getTime() + input.expiresInDays * 86_400_000);
    return this.insert({
      name: input.name,
      clientClass: input.clientClass,
      scopes,
      unitIds: [...new Set(input.unitIds)],
      expiresAt,
      createdBy: caller.id,
    });
  }

  /**
   * A new secret with the same scope; the old key stops at once, or after `graceSeconds` (at most a day)
   * so a deployment can switch over without downtime.
   */
  async rotate(caller: Caller, keyId: string, graceSeconds = 0): Promise<IssuedApiKey> {
    const old = await this.findManageable(caller, keyId);
    if (old.status !== 'ACTIVE' || old.expiresAt <= this.now())
      throw new SealError('INVALID_TRANSITION', 'only an active key can be rotated');
    if (!(graceSeconds >= 0 && graceSeconds <= MAX_ROTATION_GRACE_SECONDS)) {
      throw new SealError('VALIDATION_FAILED', `graceSeconds must be 0-${MAX_ROTATION_GRACE_SECONDS}`);
    }
    const issued = await this.insert({
      name: old.name,
      clientClass: old.clientClass,
      scopes: old.scopes,
      unitIds: old.unitIds,
      expiresAt: old.expiresAt,
      createdBy: caller.id,
    });
    const until = new Date(this.now().getTime() + graceSeconds * 1000);
    const update =
      graceSeconds === 0
        ? { status: 'REVOKED', revokedAt: this.now(), revokedBy: caller.id, rotatedTo: issued.keyId }
        : { expiresAt: until < old.expiresAt ? until : old.expiresAt, rotatedTo: issued.keyId };
    await this.keys.updateOne({ _id: { $eq: keyId } }, { $set: update });
    return issued;
  }

  async revoke(caller: Caller, keyId: string): Promise<ApiKeyView> {
    await this.findManageable(caller, keyId);
    await this.keys.updateOne(
      { _id: { $eq: keyId }, status: 'ACTIVE' },
      { $set: { status: 'REVOKED', revokedAt: this.now(), revokedBy: caller.id } },
    );
    return this.view((await this.keys.findById(keyId).lean<ApiKeyDoc>())!);
  }

  /** Keys by unit and status, in id order; a unit administrator sees the keys that reach their unit. */
  async list(caller: Caller, query: PageRequest & { unitId?: string; status?: ApiKeyDoc['status'] }): Promise<ListPage<ApiKeyView>> {
    assertAllowed(caller, 'apikey.manage', query.unitId === undefined ? {} : { unitId: query.unitId });
    const cityWide = caller.kind === 'system' || hasRole(caller, 'PUBLIC_SECURITY_ADMIN');
    const unit = cityWide ? query.unitId : caller.unitId;
    const filter: Record<string, unknown> = unit === undefined ? {} : { unitIds: { $eq: unit } };
    if (query.status !== undefined) filter.status = query.status;
    return mapPage(await pageById(this.keys, filter, query), (docs) => docs.map((d) => this.view(d)));
  }

  /** The caller behind a presented key; API_KEY_REVOKED / API_KEY_EXPIRED / UNAUTHENTICATED otherwise. */
  async authenticate(presented: string, ip?: string): Promise<Caller> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) throw new SealError('UNAUTHENTICATED', 'malformed API key');
    const [, keyId, secret] = match;
    const doc = await this.keys.findOne({ _id: { $eq: keyId } }).lean<ApiKeyDoc>();
    const given = Buffer.from(this.hash(keyId, secret), 'hex');
    // Compare even when the id is unknown, so timing does not tell which ids exist.
    const stored = Buffer.from(doc?.secretHash ?? '00'.repeat(given.length), 'hex');
    if (!doc || stored.length !== given.length || !timingSafeEqual(stored, given))
      throw new SealError('UNAUTHENTICATED', 'unknown API key');
    if (doc.status === 'REVOKED') throw new SealError('API_KEY_REVOKED', 'this API key was revoked', { details: { keyId } });
    if (doc.expiresAt <= this.now()) throw new SealError('API_KEY_EXPIRED', 'this API key has expired', { details: { keyId } });
    return {
      id: keyId,
      kind: 'api-client',
      roles: ['API_CLIENT'],
      clientClass: doc.clientClass,
      scopes: doc.scopes,
      unitIds: doc.unitIds,
      ...(ip === undefined ? {} : { ip }),
    };
  }

  private async insert(
    fields: Pick<ApiKeyDoc, 'name' | 'clientClass' | 'scopes' | 'unitIds' | 'expiresAt' | 'createdBy'>,
  ): Promise<IssuedApiKey> {
    const keyId = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    await this.keys.create({ _id: keyId, ...fields, secretHash: this.hash(keyId, secret), status: 'ACTIVE' });
    return { keyId, apiKey: `esk_${keyId}_${secret}`, expiresAt: fields.expiresAt.toISOString() };
  }

  /** Unit admins manage keys of their own unit, of the basic class only; public security manages all. */
  private assertMayManage(caller: Caller, unitIds: readonly string[], clientClass: ClientClass): void {
    assertAllowed(caller, 'apikey.manage');
    if (caller.kind === 'system' || hasRole(caller, 'PUBLIC_SECURITY_ADMIN')) return;
    if (unitIds.length === 0 || unitIds.some((u) => u !== caller.unitId) || clientClass !== 'OTHER_ORGANISATION') {
      throw new SealError('FORBIDDEN', 'not allowed to apikey.manage', { details: { operation: 'apikey.manage' } });
    }
  }

  private async findManageable(caller: Caller, keyId: string): Promise<ApiKeyDoc> {
    const doc = await this.keys.findOne({ _id: { $eq: keyId } }).lean<ApiKeyDoc>();
    // Another unit's key answers exactly like a missing one: a probe learns nothing.
    if (!doc) throw new SealError('NOT_FOUND', 'no such API key');
    try {
      this.assertMayManage(caller, doc.unitIds, doc.clientClass);
    } catch {
      throw new SealError('NOT_FOUND', 'no such API key');
    }
    return doc;
  }

  private hash(keyId: string, secret: string): string {
    return createHmac('sm3', this.pepper).update(`${keyId}:${secret}`).digest('hex');
  }

  private view(doc: ApiKeyDoc): ApiKeyView {
    const { secretHash: _hidden, ...rest } = doc;
    return { keyId: doc._id, ...rest };
  }
}
