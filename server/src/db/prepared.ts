/**
 * Precompiled hot queries. Building and compiling a Kysely query costs more CPU than SQLite
 * takes to run a small indexed statement (≈ 25 % of a message post was Kysely building/compiling,
 * measured with a V8 CPU profile of `npm run bench:chat`). A {@link PreparedQuery} is written
 * once with the ordinary (dialect-neutral) query builder, with named {@link param} markers in place
 * of the values; it is compiled once per dialect adapter, and each call only substitutes the
 * values into the compiled parameter list and runs it on the given handle (a `Kysely` or a
 * `Transaction`, so it joins the caller's unit of work).
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema/index.ts';

const MARK = '\u0000enclave.param:';

/**
 * A named placeholder for a value given at execution time. Typed as `T` so it fits the builder;
 * it is only a marker string and must be used as a bound value (never as an identifier, a
 * `limit` that a dialect inlines, or inside a raw `sql` fragment that is not a value).
 */
export function param<T = string>(name: string): T {
  return `${MARK}${name}` as unknown as T;
}

type Slot = { name: string } | { value: unknown };

interface Compiled {
  query: CompiledQuery;
  slots: Slot[];
}

/** A query compiled once, run with `params` (an object keyed by the {@link param} names). */
export interface PreparedQuery<P extends Record<string, unknown>, R> {
  /** All result rows (an empty array for statements without `returning`). */
  execute(db: Kysely<Database>, params: P): Promise<R[]>;
  /** The first row or undefined. */
  takeFirst(db: Kysely<Database>, params: P): Promise<R | undefined>;
  /** Rows changed by an insert/update/delete (0n when the driver does not say). */
  affected(db: Kysely<Database>, params: P): Promise<bigint>;
}

/**
 * Prepares `build` (called once per dialect adapter, i.e. once per database kind). Throws when a
 * name used in `build` is missing from `params` at execution time, so a typo cannot bind `undefined`.
 */
export function prepareQuery<P extends Record<string, unknown>, R = unknown>(build: (db: Kysely<Database>) => Compilable<R>): PreparedQuery<P, R> {
  // Keyed by the adapter object, shared by a Kysely instance and its transactions.
  const byAdapter = new WeakMap<object, Compiled>();
  const compile = (db: Kysely<Database>): Compiled => {
    const adapter = db.getExecutor().adapter;
    let c = byAdapter.get(adapter);
    if (!c) {
      const query = build(db).compile() as CompiledQuery;
      const slots = query.parameters.map((v): Slot => (typeof v === 'string' && v.startsWith(MARK) ? { name: v.slice(MARK.length) } : { value: v }));
      c = { query, slots };
      byAdapter.set(adapter, c);
    }
    return c;
  };
  const run = async (db: Kysely<Database>, params: P) => {
    const c = compile(db);
    const parameters = c.slots.map((s) => {
      if ('value' in s) return s.value;
      const v = params[s.name];
      if (v === undefined) throw new Error(`prepared query: missing parameter ${s.name}`);
      return v;
    });
    return db.executeQuery<R>({ ...c.query, parameters } as CompiledQuery<R>);
  };
  return {
    execute: async (db, params) => (await run(db, params)).rows,
    takeFirst: async (db, params) => (await run(db, params)).rows[0],
    affected: async (db, params) => (await run(db, params)).numAffectedRows ?? 0n,
  };
}
