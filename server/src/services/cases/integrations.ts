/**
 * Intake integrations: a platform's id and signing secret(s). A secret is shown once (at creation
 * or rotation) and stored wrapped by the vault's master key (AES-256-GCM key wrap via {@link Kms},
 * associated data binding it to the integration); rotation keeps the previous secret valid for an
 * overlap window. Signatures: `X-Enclave-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { appendAuditEvent } from '../audit/index.ts';
import type { KeyRing, Kms } from '../vault/index.ts';

/** Accepted clock difference between the signature's `t` and the server, seconds. */
export const SIGNATURE_TOLERANCE_S = 300;
/** Default overlap of the old secret after a rotation, minutes. */
export const DEFAULT_ROTATION_OVERLAP_MIN = 60;

function aad(integrationId: string, secretId: string): Buffer {
  return Buffer.from(`enclave-integration-secret-v1\0${integrationId}\0${secretId}`, 'utf8');
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

async function storeSecret(db: Kysely<Database>, keys: KeyRing, integrationId: string, secret: string): Promise<void> {
  const id = newId();
  const kms = keys.current;
  const wrapped = await kms.wrap(Buffer.from(secret, 'utf8'), aad(integrationId, id));
  await db.insertInto('integration_secrets').values({ id, integration_id: integrationId, wrapped, kek_id: kms.keyId, created_at: new Date().toISOString(), expires_at: null }).execute();
}

/**
 * Creates an integration named `name` (1..100 characters) and returns its id and secret (the only
 * time the secret is visible). Audited (`integration.create`) in `db`'s transaction.
 */
export async function createIntegration(db: Kysely<Database>, keys: KeyRing, input: { name: string; actor: string }): Promise<{ id: string; secret: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new AppError(400, 'invalid_request', 'name must have 1 to 100 characters');
  const id = newId();
  const secret = newSecret();
  await db.insertInto('integrations').values({ id, name, enabled: 1, created_by: input.actor, created_at: new Date().toISOString() }).execute();
  await storeSecret(db, keys, id, secret);
  await appendAuditEvent(db, { actor: input.actor, action: 'integration.create', target: `integration:${id}`, outcome: 'success', details: { name } });
  return { id, secret };
}

/**
 * Rotates the secret: the current secret(s) stay valid for `overlapMinutes` more, a new one is
 * returned (shown once). Throws `404` for an unknown integration. Audited.
 */
export async function rotateIntegrationSecret(
  db: Kysely<Database>,
  keys: KeyRing,
  input: { id: string; actor: string; overlapMinutes?: number; now?: Date },
): Promise<{ id: string; secret: string; previousValidUntil: string }> {
  const found = await db.selectFrom('integrations').select('id').where('id', '=', input.id).executeTakeFirst();
  if (!found) throw new AppError(404, 'not_found', 'No such integration');
  const now = input.now ?? new Date();
  const until = new Date(now.getTime() + (input.overlapMinutes ?? DEFAULT_ROTATION_OVERLAP_MIN) * 60_000).toISOString();
  await db
    .updateTable('integration_secrets')
    .set({ expires_at: until })
    .where('integration_id', '=', input.id)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', until)]))
    .execute();
  const secret = newSecret();
  await storeSecret(db, keys, input.id, secret);
  await appendAuditEvent(db, { actor: input.actor, action: 'integration.rotate_secret', target: `integration:${input.id}`, outcome: 'success', details: { previousValidUntil: until } });
  return { id: input.id, secret, previousValidUntil: until };
}

/**
 * Re-wraps every integration secret not yet wrapped by `newKms` (unwrapped with the KEK it names),
 * in `db` — the master-key rotation's transaction (see `vault/rotate.ts`, `RewrapOthers`), so
 * intake keeps verifying signatures once the old key is gone. Compare-and-set on `kek_id`.
 * Returns the number re-wrapped; throws `KmsKeyMissingError` when a secret's KEK is not loaded.
 */
export async function rewrapIntegrationSecrets(db: Kysely<Database>, keys: KeyRing, newKms: Kms): Promise<number> {
  const rows = await db.selectFrom('integration_secrets').select(['id', 'integration_id', 'wrapped', 'kek_id']).where('kek_id', '!=', newKms.keyId).execute();
  for (const r of rows) {
    const ad = aad(r.integration_id, r.id);
    const secret = await keys.kek(r.kek_id).unwrap(Buffer.from(r.wrapped), ad);
    const wrapped = await newKms.wrap(secret, ad);
    await db.updateTable('integration_secrets').set({ wrapped, kek_id: newKms.keyId }).where('id', '=', r.id).where('kek_id', '=', r.kek_id).execute();
  }
  return rows.length;
}

/** Enables or disables an integration (a disabled one is refused at intake). Audited. */
export async function setIntegrationEnabled(db: Kysely<Database>, input: { id: string; enabled: boolean; actor: string }): Promise<void> {
  const res = await db.updateTable('integrations').set({ enabled: input.enabled ? 1 : 0 }).where('id', '=', input.id).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError(404, 'not_found', 'No such integration');
  await appendAuditEvent(db, { actor: input.actor, action: input.enabled ? 'integration.enable' : 'integration.disable', target: `integration:${input.id}`, outcome: 'success' });
}

/** The header value for `body` signed at `t` (unix seconds) with `secret`. */
export function signatureHeader(secret: string, t: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${mac}`;
}

/** Why a signature was refused (stable codes, recorded in the audit event). */
export type SignatureFailure = 'missing_integration' | 'unknown_integration' | 'disabled_integration' | 'missing_signature' | 'malformed_signature' | 'stale_signature' | 'bad_signature';

/** Thrown by {@link verifyIntakeSignature}: answered as `401 invalid_signature`. */
export class SignatureError extends AppError {
  constructor(readonly reason: SignatureFailure) {
    super(401, 'invalid_signature', 'Missing, stale or invalid signature, or unknown integration');
  }
}

const SIG_PATTERN = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/;

/**
 * Checks a request's integration id and signature header against `raw` (the exact body bytes).
 * Accepts any unexpired secret of an enabled integration. Throws {@link SignatureError}.
 */
export async function verifyIntakeSignature(
  db: Kysely<Database>,
  keys: KeyRing,
  input: { integrationId: string | undefined; signature: string | undefined; raw: Buffer; now?: Date },
): Promise<{ integrationId: string }> {
  const id = input.integrationId;
  if (!id) throw new SignatureError('missing_integration');
  if (id.length > 64) throw new SignatureError('unknown_integration');
  const integration = await db.selectFrom('integrations').select(['id', 'enabled']).where('id', '=', id).executeTakeFirst();
  if (!integration) throw new SignatureError('unknown_integration');
  if (integration.enabled !== 1) throw new SignatureError('disabled_integration');
  if (!input.signature) throw new SignatureError('missing_signature');
  const m = SIG_PATTERN.exec(input.signature.trim());
  if (!m) throw new SignatureError('malformed_signature');
  const t = Number(m[1]);
  const now = input.now ?? new Date();
  if (Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_S) throw new SignatureError('stale_signature');
  const given = Buffer.from(m[2] as string, 'hex');
  const secrets = await db.selectFrom('integration_secrets').selectAll().where('integration_id', '=', id).execute();
  for (const s of secrets) {
    if (s.expires_at !== null && s.expires_at <= now.toISOString()) continue;
    const secret = (await keys.kek(s.kek_id).unwrap(Buffer.from(s.wrapped), aad(id, s.id))).toString('utf8');
    const want = createHmac('sha256', secret).update(`${t}.`).update(input.raw).digest();
    if (timingSafeEqual(want, given)) return { integrationId: id };
  }
  throw new SignatureError('bad_signature');
}
