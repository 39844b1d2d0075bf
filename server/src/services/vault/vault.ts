/**
 * The vault: personal-data values encrypted with AES-256-GCM under per-scope data keys, each
 * value behind an opaque token; a keyed blind index gives the same token to the same value inside
 * a scope; erasing a scope destroys its key (crypto-shredding).
 *
 * Key hierarchy: master key (KEK, {@link Kms}) → per-scope data key (random 32 bytes, wrapped,
 * `vault_data_keys`) → value ciphertexts (`vault_values`) and, via HKDF (RFC 5869), the scope's
 * blind-index and mark keys. Deriving the blind-index key from the data key (not from the master
 * key) keeps tokens stable across master-key rotations and makes erasure destroy it too.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { param, prepareQuery, type PreparedQuery } from '../../db/prepared.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { decryptValue, encryptValue, keyedHash, newToken, valueAad } from './crypto.ts';
import { KeyRing, SCOPE_PATTERN, type DataKey, type KeyRingOptions } from './data-keys.ts';
import { VaultError } from './errors.ts';
import { rotateMasterKey, type RewrapOthers, type RotateResult } from './rotate.ts';
import type { Kms } from './kms.ts';

/** What {@link Vault.tokenize} takes. `value` is the raw personal data (kept only encrypted). */
export interface TokenizeInput {
  scope: string;
  entityType: string;
  value: string;
}

/** A revealed value. */
export interface RevealedValue {
  value: string;
  entityType: string;
  scope: string;
}

/** Metadata of a token (no value). */
export interface TokenInfo {
  token: string;
  scope: string;
  entityType: string;
  erased: boolean;
}

/** Batches up to this many values use a query compiled once per size (`db/prepared.ts`). */
const PREPARED_MAX = 16;
const VALUE_COLUMNS = ['token', 'scope', 'entity_type', 'blind_index', 'ciphertext', 'iv', 'tag', 'created_at'] as const;
const lookups = new Map<number, PreparedQuery<Record<string, string>, { token: string; blind_index: string }>>();
const inserts = new Map<number, PreparedQuery<Record<string, unknown>, unknown>>();

/** `select token, blind_index from vault_values where scope = :scope and blind_index in (:b0 … :b{n-1})`. */
function lookupQuery(n: number): PreparedQuery<Record<string, string>, { token: string; blind_index: string }> {
  let q = lookups.get(n);
  if (!q) {
    q = prepareQuery((db) =>
      db
        .selectFrom('vault_values')
        .select(['token', 'blind_index'])
        .where('scope', '=', param('scope'))
        .where('blind_index', 'in', Array.from({ length: n }, (_, i) => param(`b${i}`))),
    );
    lookups.set(n, q);
  }
  return q;
}

/** A multi-row insert of `n` `vault_values` rows, parameters `<column><row>`. */
function insertQuery(n: number): PreparedQuery<Record<string, unknown>, unknown> {
  let q = inserts.get(n);
  if (!q) {
    q = prepareQuery((db) =>
      db.insertInto('vault_values').values(
        Array.from({ length: n }, (_, i) => ({
          token: param(`token${i}`),
          scope: param(`scope${i}`),
          entity_type: param(`entity_type${i}`),
          blind_index: param(`blind_index${i}`),
          ciphertext: param<Buffer>(`ciphertext${i}`),
          iv: param<Buffer>(`iv${i}`),
          tag: param<Buffer>(`tag${i}`),
          created_at: param(`created_at${i}`),
        })),
      ),
    );
    inserts.set(n, q);
  }
  return q;
}

/** See the module comment. Construct once per process; methods take the db/transaction handle. */
export class Vault {
  readonly keys: KeyRing;

  constructor(opts: KeyRingOptions) {
    this.keys = new KeyRing(opts);
  }

  /**
   * Stores `value` (if not already stored in this scope) and returns its token; `created` tells
   * whether a new token was made. Runs in `db` (pass the caller's transaction); opens its own
   * transaction otherwise. Throws `RangeError` for a malformed scope or an empty value,
   * {@link VaultError} `erased` when the scope was erased.
   */
  async tokenize(db: Kysely<Database>, input: TokenizeInput): Promise<{ token: string; created: boolean }> {
    if (!SCOPE_PATTERN.test(input.scope)) throw new RangeError('scope must be subject:<id> or channel:<id>');
    if (input.value.length === 0) throw new RangeError('value must not be empty');
    if (!db.isTransaction) return db.transaction().execute((trx) => this.tokenize(trx, input));
    const key = await this.keys.dataKey(db, input.scope, true);
    if (!key) throw new Error('unreachable: data key not created');
    const blindIndex = keyedHash(key.blindIndexKey, input.value);
    const found = await db
      .selectFrom('vault_values')
      .select('token')
      .where('scope', '=', input.scope)
      .where('blind_index', '=', blindIndex)
      .executeTakeFirst();
    if (found) return { token: found.token, created: false };
    const token = newToken();
    const box = encryptValue(key.dek, input.value, valueAad(token, input.scope, input.entityType));
    await db
      .insertInto('vault_values')
      .values({ token, scope: input.scope, entity_type: input.entityType, blind_index: blindIndex, ...box, created_at: new Date().toISOString() })
      .execute();
    return { token, created: true };
  }

  /**
   * {@link tokenize} for many values of one scope in one go (one data-key lookup, one query for
   * the existing values, one multi-row insert): the unit of work of an intake, which stores every
   * field of a subject. Returns the tokens in the order of `items` (the same value twice gets the
   * same token). Same errors as {@link tokenize}; runs in `db` (pass the caller's transaction).
   * `opts.key`: the scope's data key when the caller already holds it (the guard's cache), else
   * looked up (created if needed).
   */
  async tokenizeMany(
    db: Kysely<Database>,
    scope: string,
    items: ReadonlyArray<{ entityType: string; value: string }>,
    opts: { key?: DataKey } = {},
  ): Promise<string[]> {
    if (!SCOPE_PATTERN.test(scope)) throw new RangeError('scope must be subject:<id> or channel:<id>');
    if (items.some((i) => i.value.length === 0)) throw new RangeError('value must not be empty');
    if (items.length === 0) return [];
    if (!db.isTransaction) return db.transaction().execute((trx) => this.tokenizeMany(trx, scope, items, opts));
    const key = opts.key ?? (await this.keys.dataKey(db, scope, true));
    if (!key) throw new Error('unreachable: data key not created');
    const indexes = items.map((i) => keyedHash(key.blindIndexKey, i.value));
    const byIndex = new Map<string, string>();
    const unique = [...new Set(indexes)];
    // bounded IN lists (SQLite's and PostgreSQL's parameter limits are far above this)
    for (let at = 0; at < unique.length; at += 500) {
      const part = unique.slice(at, at + 500);
      const rows =
        part.length <= PREPARED_MAX
          ? await lookupQuery(part.length).execute(db, { scope, ...Object.fromEntries(part.map((b, i) => [`b${i}`, b])) })
          : await db.selectFrom('vault_values').select(['token', 'blind_index']).where('scope', '=', scope).where('blind_index', 'in', part).execute();
      for (const r of rows) byIndex.set(r.blind_index, r.token);
    }
    const now = new Date().toISOString();
    const fresh: Array<{ token: string; scope: string; entity_type: string; blind_index: string; ciphertext: Buffer; iv: Buffer; tag: Buffer; created_at: string }> = [];
    items.forEach((item, i) => {
      const bi = indexes[i] as string;
      if (byIndex.has(bi)) return;
      const token = newToken();
      byIndex.set(bi, token);
      fresh.push({ token, scope, entity_type: item.entityType, blind_index: bi, ...encryptValue(key.dek, item.value, valueAad(token, scope, item.entityType)), created_at: now });
    });
    for (let at = 0; at < fresh.length; at += 100) {
      const part = fresh.slice(at, at + 100);
      if (part.length <= PREPARED_MAX) await insertQuery(part.length).execute(db, Object.fromEntries(part.flatMap((row, i) => VALUE_COLUMNS.map((c) => [`${c}${i}`, row[c]]))));
      else await db.insertInto('vault_values').values(part).execute();
    }
    return indexes.map((bi) => byIndex.get(bi) as string);
  }

  /** {@link markHash} of many values under one scope (one data-key lookup), in order. */
  async markHashes(db: Kysely<Database>, scope: string, values: readonly string[]): Promise<string[]> {
    if (values.length === 0) return [];
    const key = await this.keys.dataKey(db, scope, true);
    if (!key) throw new Error('unreachable: data key not created');
    return values.map((v) => keyedHash(key.markKey, v));
  }

  /** Metadata of a token, or `undefined` if unknown. Never decrypts. */
  async describe(db: Kysely<Database>, token: string): Promise<TokenInfo | undefined> {
    const row = await db
      .selectFrom('vault_values')
      .leftJoin('vault_data_keys', 'vault_data_keys.scope', 'vault_values.scope')
      .select(['vault_values.scope', 'vault_values.entity_type', 'vault_values.iv', 'vault_data_keys.erased_at', 'vault_data_keys.wrapped'])
      .where('vault_values.token', '=', token)
      .executeTakeFirst();
    if (!row) return undefined;
    return { token, scope: row.scope, entityType: row.entity_type, erased: row.erased_at !== null || row.wrapped === null || row.iv.length === 0 };
  }

  /**
   * Decrypts a token's value. Throws {@link VaultError} `not_found` / `erased`; a GCM
   * authentication error if the ciphertext or its binding (token, scope, type) was tampered with.
   * The caller decides who may see it and audits the reveal.
   */
  async reveal(db: Kysely<Database>, token: string): Promise<RevealedValue> {
    const row = await db.selectFrom('vault_values').selectAll().where('token', '=', token).executeTakeFirst();
    if (!row) throw new VaultError('not_found', 'unknown token');
    if (row.iv.length === 0) throw new VaultError('erased', 'this data was erased');
    const key = await this.keys.dataKey(db, row.scope, false);
    if (!key) throw new VaultError('erased', 'this data was erased');
    const value = decryptValue(key.dek, { ciphertext: row.ciphertext, iv: row.iv, tag: row.tag }, valueAad(token, row.scope, row.entity_type));
    return { value, entityType: row.entity_type, scope: row.scope };
  }

  /**
   * A keyed hash of `value` under `scope`'s mark key (HMAC-SHA-256 with an HKDF subkey of the data
   * key, created if needed): used for "not personal data" marks, so no value is stored.
   */
  async markHash(db: Kysely<Database>, scope: string, value: string): Promise<string> {
    const key = await this.keys.dataKey(db, scope, true);
    if (!key) throw new Error('unreachable: data key not created');
    return keyedHash(key.markKey, value);
  }

  /**
   * Crypto-shredding: destroys the scope's data key and clears its ciphertexts and blind indexes
   * (tokens stay, and reveal then reports `erased`). With `actor`, appends an `erasure` audit event
   * in the same transaction. Returns the number of tokens affected. Idempotent.
   */
  async eraseScope(db: Kysely<Database>, scope: string, opts: { actor?: string } = {}): Promise<{ tokens: number }> {
    if (!SCOPE_PATTERN.test(scope)) throw new RangeError('scope must be subject:<id> or channel:<id>');
    if (!db.isTransaction) return db.transaction().execute((trx) => this.eraseScope(trx, scope, opts));
    const now = new Date().toISOString();
    await db
      .insertInto('vault_data_keys')
      .values({ scope, wrapped: null, kek_id: null, created_at: now, erased_at: now })
      .onConflict((oc) => oc.column('scope').doUpdateSet({ wrapped: null, kek_id: null, erased_at: sql`coalesce(vault_data_keys.erased_at, ${now})` }))
      .execute();
    const res = await db
      .updateTable('vault_values')
      .set({ ciphertext: Buffer.alloc(0), iv: Buffer.alloc(0), tag: Buffer.alloc(0), blind_index: sql<string>`${'erased:'} || token` })
      .where('scope', '=', scope)
      .executeTakeFirst();
    this.keys.evict(scope);
    const tokens = Number(res.numUpdatedRows);
    if (opts.actor) await appendAuditEvent(db, { actor: opts.actor, action: 'erasure', target: scope, outcome: 'success', details: { tokens } });
    return { tokens };
  }

  /**
   * Erases single tokens (their scope's key stays): clears their ciphertexts and blind indexes;
   * `describe` and `reveal` then report them `erased`. Used for a value shared by two subjects
   * when one of them is erased. Returns the number of tokens affected. Idempotent.
   */
  async eraseTokens(db: Kysely<Database>, tokens: readonly string[]): Promise<{ tokens: number }> {
    if (tokens.length === 0) return { tokens: 0 };
    const res = await db
      .updateTable('vault_values')
      .set({ ciphertext: Buffer.alloc(0), iv: Buffer.alloc(0), tag: Buffer.alloc(0), blind_index: sql<string>`${'erased:'} || token` })
      .where('token', 'in', [...tokens])
      .executeTakeFirst();
    return { tokens: Number(res.numUpdatedRows) };
  }

  /** Re-wraps every data key under `newKms` (see `rotate.ts`). */
  rotateMasterKey(db: Kysely<Database>, newKms: Kms, opts?: { batchSize?: number; rewrapOthers?: RewrapOthers }): Promise<RotateResult> {
    return rotateMasterKey(db, this.keys, newKms, opts);
  }
}
