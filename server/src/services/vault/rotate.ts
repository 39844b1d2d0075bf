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
}

/**
 * Makes `newKms` current in `ring`, then re-wraps (compare-and-set on `kek_id`) until no live data
 * key is wrapped by another KEK — keys created concurrently under the old KEK are picked up by the
 * next batch. Throws `KmsKeyMissingError` when a row's KEK is not loaded.
 */
export async function rotateMasterKey(
  db: Kysely<Database>,
  ring: KeyRing,
  newKms: Kms,
  opts: { batchSize?: number } = {},
): Promise<RotateResult> {
  const batchSize = opts.batchSize ?? 200;
  ring.use(newKms);
  const seen = new Set<string>();
  let rewrapped = 0;
  let batches = 0;
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
  return { rewrapped, batches, retired };
}
