/**
 * Per-scope data keys: created on first use, wrapped by the current master key (KEK), unwrapped
 * with whichever KEK their `kek_id` names, cached unwrapped in memory by wrapped blob (so an erased
 * or re-wrapped key is never served from the cache: the row is read on every use).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { Kms } from './kms.ts';
import { dataKeyAad, deriveKey } from './crypto.ts';
import { KmsKeyMissingError, VaultError } from './errors.ts';

/** A scope: `subject:<id>` (a data subject) or `channel:<id>` (free text shared in a channel). */
export const SCOPE_PATTERN = /^(subject|channel):[^\s]{1,200}$/;

/** An unwrapped data key and its derived subkeys. */
export interface DataKey {
  dek: Buffer;
  blindIndexKey: Buffer;
  markKey: Buffer;
}

/** The KEKs a vault knows; `refresh` may load keys written by another process (e.g. `enclave keys rotate`). */
export interface KeyRingOptions {
  /** Wraps new data keys. */
  kms: Kms;
  /** Older KEKs still readable (during/after an interrupted rotation). */
  previous?: Kms[];
  /**
   * Called when a `kek_id` is unknown and before a new data key is wrapped; returns the current
   * keys if they changed (e.g. the key file was rotated), else `undefined`. Must be cheap.
   */
  refresh?: () => { current: Kms; previous: Kms[] } | undefined;
}

const CACHE_MAX = 10_000;

/** Holds the KEKs and the data-key cache. */
export class KeyRing {
  #current: Kms;
  readonly #byId = new Map<string, Kms>();
  readonly #refresh: KeyRingOptions['refresh'];
  readonly #cache = new Map<string, DataKey>();

  constructor(opts: KeyRingOptions) {
    this.#current = opts.kms;
    this.#refresh = opts.refresh;
    for (const k of [...(opts.previous ?? []), opts.kms]) this.#byId.set(k.keyId, k);
  }

  /** The KEK that wraps new data keys. */
  get current(): Kms {
    return this.#current;
  }

  /** Makes `kms` current (keeping the others readable). */
  use(kms: Kms): void {
    this.#byId.set(kms.keyId, kms);
    this.#current = kms;
  }

  /** Forgets a KEK (after a rotation finished). The current one cannot be dropped. */
  drop(keyId: string): void {
    if (keyId !== this.#current.keyId) this.#byId.delete(keyId);
  }

  #tryRefresh(): void {
    const next = this.#refresh?.();
    if (next) for (const k of [...next.previous, next.current]) this.#byId.set(k.keyId, k);
    if (next) this.#current = next.current;
  }

  /** The KEK with this id; throws {@link KmsKeyMissingError} if not loaded even after a refresh. */
  kek(keyId: string): Kms {
    let k = this.#byId.get(keyId);
    if (!k) {
      this.#tryRefresh();
      k = this.#byId.get(keyId);
    }
    if (!k) throw new KmsKeyMissingError(`master key ${keyId} is not loaded`);
    return k;
  }

  /** Evicts every cached key of `scope`. */
  evict(scope: string): void {
    for (const k of this.#cache.keys()) if (k.startsWith(`${scope}\0`)) this.#cache.delete(k);
  }

  /**
   * The data key of `scope`, creating it (in `db`, which should be the caller's transaction) when
   * `create` is true and none exists. Returns `undefined` when none exists and `create` is false.
   * Throws {@link VaultError} `erased` for an erased scope, `KmsKeyMissingError`, or a GCM error if
   * the wrapped key was altered.
   */
  async dataKey(db: Kysely<Database>, scope: string, create: boolean): Promise<DataKey | undefined> {
    return (await this.dataKeyInfo(db, scope, create))?.key;
  }

  /**
   * {@link dataKey}, also telling whether the key was created (its row inserted) by this call, in
   * `db`'s transaction: such a key must not outlive a rollback in any cache. Same errors.
   */
  async dataKeyInfo(db: Kysely<Database>, scope: string, create: boolean): Promise<{ key: DataKey; created: boolean } | undefined> {
    let row = await db.selectFrom('vault_data_keys').select(['wrapped', 'kek_id', 'erased_at']).where('scope', '=', scope).executeTakeFirst();
    if (!row) {
      if (!create) return undefined;
      this.#tryRefresh();
      const dek = randomBytes(32);
      const wrapped = await this.#current.wrap(dek, dataKeyAad(scope));
      const kekId = this.#current.keyId;
      const res = await db
        .insertInto('vault_data_keys')
        .values({ scope, wrapped, kek_id: kekId, created_at: new Date().toISOString(), erased_at: null })
        .onConflict((oc) => oc.column('scope').doNothing())
        .executeTakeFirst();
      // Ours was stored: use the key in hand (no re-read, no unwrap). Otherwise another writer won.
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 1) return { key: this.#remember(`${scope}\0${kekId}\0${wrapped.toString('base64')}`, scope, dek), created: true };
      row = await db.selectFrom('vault_data_keys').select(['wrapped', 'kek_id', 'erased_at']).where('scope', '=', scope).executeTakeFirstOrThrow();
    }
    if (row.erased_at !== null || row.wrapped === null || row.kek_id === null) throw new VaultError('erased', 'this data was erased');
    const cacheKey = `${scope}\0${row.kek_id}\0${Buffer.from(row.wrapped).toString('base64')}`;
    const hit = this.#cache.get(cacheKey);
    if (hit) return { key: hit, created: false };
    const dek = await this.kek(row.kek_id).unwrap(Buffer.from(row.wrapped), dataKeyAad(scope));
    return { key: this.#remember(cacheKey, scope, dek), created: false };
  }

  /** Derives the scope's keys from `dek` and caches them under `cacheKey` (bounded, oldest out). */
  #remember(cacheKey: string, scope: string, dek: Buffer): DataKey {
    const key: DataKey = { dek, blindIndexKey: deriveKey(dek, 'blind-index', scope), markKey: deriveKey(dek, 'mark', scope) };
    if (this.#cache.size >= CACHE_MAX) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(cacheKey, key);
    return key;
  }
}
