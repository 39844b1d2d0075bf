import type { Kysely } from 'kysely';

/** STUB migration: creates nothing yet. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
