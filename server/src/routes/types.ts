/** Shared route types and small schema pieces. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ULID_PATTERN } from '../ids.ts';

/** The Fastify instance routes are registered on (TypeBox-typed). */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** An id in a URL: opaque, bounded (unknown ids → 404, not 400). */
export const IdParam = Type.String({ minLength: 1, maxLength: 64 });
/** A message id cursor. */
export const Cursor = Type.String({ pattern: ULID_PATTERN });
/**
 * A client's idempotency key (`clientMsgId`): opaque, 1–100 letters, digits, `-` or `_`. It is stored
 * and shown to every member unscanned, so no `@`, `.`, spaces or other characters that would let an
 * e-mail, IP address, name or formatted number ride along raw.
 */
export const ClientMsgId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', maxLength: 64 });
/** A non-negative integer in a query string. */
export const QueryInt = Type.String({ pattern: '^[0-9]{1,15}$' });

/** Object schema that rejects unknown fields. */
export const Strict = { additionalProperties: false } as const;

/** Error answer shape for the OpenAPI document. */
export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: true }),
});
