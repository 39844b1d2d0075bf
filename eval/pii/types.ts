/**
 * Shared shapes of the PII evaluation harness.
 *
 * Every offset here is a UTF-16 code unit index into the document text, half-open
 * (`start` inclusive, `end` exclusive) — the convention of `@enclave/pii` findings.
 * Upstream code-point offsets are converted on load (see `offsets.ts`).
 */
import type { EntityType } from '@enclave/pii';

/** A typed span: gold annotation or a system's prediction. */
export interface Span {
  type: EntityType;
  /** UTF-16 code unit offset, inclusive. */
  start: number;
  /** UTF-16 code unit offset, exclusive. */
  end: number;
}

/** One evaluation document: a text and its gold spans (only types the dataset scores). */
export interface EvalDoc {
  id: string;
  text: string;
  gold: Span[];
}

/** A loaded dataset: documents plus the entity types it is scored on. */
export interface Dataset {
  /** Short id used by `--only`, e.g. `"conll-testa"`. */
  id: string;
  /** Human name for the tables. */
  title: string;
  /** Our entity types scored on this dataset; predictions of other types are ignored. */
  scored: readonly EntityType[];
  docs: EvalDoc[];
  /** Remarks about loading (re-anchored spans, skipped records, label choices). */
  notes: string[];
}

/** Per-call options; peers ignore them (they have no equivalent settings). */
export interface DetectOptions {
  /** ISO 3166-1 alpha-2 default regions for phone numbers written without `+`. */
  phoneRegions?: readonly string[];
  /** Only these types (Presidio's tests call one recognizer at a time). */
  entities?: readonly EntityType[];
}

/** A detector under evaluation: Enclave or a peer package, reduced to typed spans. */
export interface System {
  /** Display name, e.g. `"Enclave"`, `"redact-pii"`. */
  name: string;
  /** Our types this system can report at all (absent: all). Tables show `n/s` for the others. */
  supports?: ReadonlySet<EntityType>;
  /**
   * Returns typed spans over `text`. Types the system reports that have no equivalent
   * of ours are dropped by the adapter (see `entity-map.ts`). May throw; callers count errors.
   */
  detect(text: string, opts?: DetectOptions): Span[];
}
