/**
 * Anonymization operators (Presidio's anonymizer operators): each validates its config, then turns
 * the original value of a span into its replacement.
 * - `redact`: removes the value (empty replacement).
 * - `replace`: a placeholder, default `[<ENTITY_TYPE>]`.
 * - `mask`: replaces all but the last `keepLast` code points with `maskChar` (default `*`, keep 4).
 *   Works on code points, so a surrogate pair is never split.
 * - `hash`: keyed HMAC-SHA-256 (RFC 2104) of the value, hex, optionally truncated
 *   (`hexChars`, default 16, even, 8–64). The key (≥ 16 bytes) is the caller's secret.
 */
import { createHmac } from 'node:crypto';
import type { EntityType } from '../types.ts';

/** Operator configurations, discriminated by `type`. */
export type OperatorConfig =
  | { type: 'redact' }
  | { type: 'replace'; placeholder?: string }
  | { type: 'mask'; keepLast?: number; maskChar?: string }
  | { type: 'hash'; key: Uint8Array | string; hexChars?: number };

/** An operator: `validate()` throws on bad config, `operate()` returns the replacement. */
export interface Operator {
  validate(config: OperatorConfig): void;
  operate(value: string, entityType: EntityType, config: OperatorConfig): string;
}

/** Error thrown for an invalid operator configuration (`code` is stable). */
export class OperatorConfigError extends Error {
  readonly code = 'invalid_operator_config';
  constructor(message: string) {
    super(message);
    this.name = 'OperatorConfigError';
  }
}

const redact: Operator = {
  validate: () => undefined,
  operate: () => '',
};

const replace: Operator = {
  validate(c) {
    if (c.type === 'replace' && c.placeholder !== undefined && typeof c.placeholder !== 'string') {
      throw new OperatorConfigError('replace: placeholder must be a string');
    }
  },
  operate: (_v, t, c) => (c.type === 'replace' && c.placeholder !== undefined ? c.placeholder : `[${t}]`),
};

const mask: Operator = {
  validate(c) {
    if (c.type !== 'mask') return;
    const k = c.keepLast ?? 4;
    if (!Number.isInteger(k) || k < 0) throw new OperatorConfigError('mask: keepLast must be an integer ≥ 0');
    if (c.maskChar !== undefined && [...c.maskChar].length !== 1) throw new OperatorConfigError('mask: maskChar must be one character');
  },
  operate(v, _t, c) {
    const keep = c.type === 'mask' ? (c.keepLast ?? 4) : 4;
    const ch = c.type === 'mask' ? (c.maskChar ?? '*') : '*';
    const cps = [...v];
    const n = Math.max(0, cps.length - keep);
    return ch.repeat(n) + cps.slice(n).join('');
  },
};

const hash: Operator = {
  validate(c) {
    if (c.type !== 'hash') return;
    const len = typeof c.key === 'string' ? Buffer.byteLength(c.key) : c.key?.length;
    if (!len || len < 16) throw new OperatorConfigError('hash: key must be at least 16 bytes');
    const h = c.hexChars ?? 16;
    if (!Number.isInteger(h) || h < 8 || h > 64 || h % 2 !== 0) throw new OperatorConfigError('hash: hexChars must be an even integer 8–64');
  },
  operate(v, _t, c) {
    if (c.type !== 'hash') throw new OperatorConfigError('hash: wrong config');
    return createHmac('sha256', c.key).update(v, 'utf8').digest('hex').slice(0, c.hexChars ?? 16);
  },
};

/** The built-in operators by config type. */
export const OPERATORS: Readonly<Record<OperatorConfig['type'], Operator>> = { redact, replace, mask, hash };
