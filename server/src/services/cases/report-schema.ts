/**
 * The intake report body (`POST /api/v1/intake/reports`), as a TypeBox schema (also the OpenAPI
 * document's), and a parser that bounds nesting depth before `JSON.parse` sees the text.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { AppError } from '../../errors.ts';
import { wellFormedJson } from '../../http/well-formed.ts';

export const CATEGORIES = ['harassment', 'impersonation', 'privacy', 'self_harm', 'child_safety', 'spam', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const ACCOUNT_ROLES = ['reporter', 'reported', 'other'] as const;

/** Most IP addresses / device ids accepted per account (more → 400). */
export const MAX_LIST_ITEMS = 100;
/** Most accounts per report. */
export const MAX_ACCOUNTS = 20;
/** Deepest JSON nesting accepted (the schema needs 4). */
export const MAX_JSON_DEPTH = 8;

const Str = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const AccountSchema = Type.Object(
  {
    role: Type.Union(ACCOUNT_ROLES.map((r) => Type.Literal(r))),
    accountId: Str(200),
    displayName: Type.Optional(Str(200)),
    username: Type.Optional(Str(200)),
    email: Type.Optional(Str(320)),
    phone: Type.Optional(Str(64)),
    country: Type.Optional(Str(100)),
    city: Type.Optional(Str(200)),
    ipAddresses: Type.Optional(Type.Array(Str(64), { maxItems: MAX_LIST_ITEMS })),
    deviceIds: Type.Optional(Type.Array(Str(200), { maxItems: MAX_LIST_ITEMS })),
    dateOfBirth: Type.Optional(Str(32)),
  },
  { additionalProperties: false },
);

export const ReportSchema = Type.Object(
  {
    reportId: Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' }),
    category: Type.Union(CATEGORIES.map((c) => Type.Literal(c))),
    text: Type.String({ maxLength: 40_000 }),
    submittedAt: Type.String({ minLength: 10, maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}T' }),
    accounts: Type.Array(AccountSchema, { minItems: 1, maxItems: MAX_ACCOUNTS }),
    media: Type.Optional(Type.Array(Type.Object({ id: Str(200), sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })) }, { additionalProperties: false }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export type Report = Static<typeof ReportSchema>;
export type ReportAccount = Static<typeof AccountSchema>;

const check = TypeCompiler.Compile(ReportSchema);

/** Nesting depth of the JSON text `raw` (brackets outside strings). Stops counting past `limit`. */
export function jsonDepth(raw: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * Parses and validates a report body. Throws `AppError(400, 'invalid_json' | 'too_deep' |
 * 'invalid_request')`; the message names the first failing path, never a value.
 */
export function parseReport(raw: Buffer): Report {
  const text = raw.toString('utf8');
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new AppError(400, 'too_deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  let body: unknown;
  try {
    body = wellFormedJson(JSON.parse(text), text);
  } catch {
    throw new AppError(400, 'invalid_json', 'Malformed JSON body');
  }
  if (!check.Check(body)) {
    const first = check.Errors(body).First();
    const path = first?.path || '/';
    const code = path === '/category' ? 'unknown_category' : 'invalid_request';
    throw new AppError(400, code, `Invalid report at ${path}: ${first?.message ?? 'invalid'}`);
  }
  if (Number.isNaN(Date.parse(body.submittedAt))) throw new AppError(400, 'invalid_request', 'submittedAt must be an ISO 8601 date-time');
  return body;
}
