/**
 * Master-key rotation: every live data key is unwrapped with its KEK and wrapped with the new one,
 * in batches, each batch its own transaction, so readers keep working throughout (each row names
 * its `kek_id`, and the old KEK stays loaded until the end).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { dataKeyAad } from './crypto.ts';
import type { KeyRing } from './data-keys.ts';
import type { Kms } from './kms.ts';

/** Result of a rotation. */
export interface RotateResult {
  /** Data keys re-wrapped. */
  rewrapped: number;
  batches: number;
  /** `kek_id`s no longer referenced by any data key (safe to delete). */
  retired: string[];
  /** Other master-key-wrapped secrets re-wrapped by `opts.rewrapOthers` (e.g. integration secrets). */
  othersRewrapped: number;
}

/**
 * Re-wraps secrets other than data keys that the master key wraps (e.g. intake integration
 * secrets), inside the given transaction; returns how many were re-wrapped. Must be idempotent
 * (only rows not yet under `newKms`).
 */
export type RewrapOthers = (trx: Kysely<Database>, ring: KeyRing, newKms: Kms) => Promise<number>;

/**
 * Makes `newKms` current in `ring`, then re-wraps (compare-and-set on `kek_id`) until no live data
 * key is wrapped by another KEK — keys created concurrently under the old KEK are picked up by the
 * next batch. `opts.rewrapOthers` runs in every batch's transaction (the last one included, which
 * finds no data key left), so other wrapped secrets move with the data keys and none created
 * meanwhile is left behind. Throws `KmsKeyMissingError` when a row's KEK is not loaded.
 */
export async function rotateMasterKey(
  db: Kysely<Database>,
  ring: KeyRing,
  newKms: Kms,
  opts: { batchSize?: number; rewrapOthers?: RewrapOthers } = {},
): Promise<RotateResult> {
  const batchSize = opts.batchSize ?? 200;
  ring.use(newKms);
  const seen = new Set<string>();
  let rewrapped = 0;
  let batches = 0;
  let othersRewrapped = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('vault_data_keys')
        .select(['scope', 'wrapped', 'kek_id'])
        .where('erased_at', 'is', null)
        .where('kek_id', '!=', newKms.keyId)
        .orderBy('scope')
        .limit(batchSize)
        .execute();
      for (const r of rows) {
        if (r.wrapped === null || r.kek_id === null) continue;
        seen.add(r.kek_id);
        const aad = dataKeyAad(r.scope);
        const dek = await ring.kek(r.kek_id).unwrap(Buffer.from(r.wrapped), aad);
        const wrapped = await newKms.wrap(dek, aad);
        await trx
          .updateTable('vault_data_keys')
          .set({ wrapped, kek_id: newKms.keyId })
          .where('scope', '=', r.scope)
          .where('kek_id', '=', r.kek_id)
          .execute();
      }
      if (opts.rewrapOthers) othersRewrapped += await opts.rewrapOthers(trx, ring, newKms);
      return rows.length;
    });
    if (n === 0) break;
    rewrapped += n;
    batches++;
  }
  const retired: string[] = [];
  for (const id of seen) {
    const still = await db.selectFrom('vault_data_keys').select('scope').where('kek_id', '=', id).limit(1).executeTakeFirst();
    if (!still) {
      retired.push(id);
      ring.drop(id);
    }
  }
  return { rewrapped, batches, retired, othersRewrapped };
}
