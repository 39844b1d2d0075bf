/**
 * fast-check arbitraries derived from the JSON Schemas of the route bodies (the OpenAPI document
 * the server generates from its TypeBox schemas): mostly-valid values with planted fake personal
 * data in strings, near-misses (a wrong type, a missing required field, an unknown field, a string
 * one past its length limit) and arbitrary JSON.
 */
import fc from 'fast-check';

/** Obviously fake personal data planted in fuzzed strings; error answers must never echo them. */
export const PLANTED = ['fuzz.victim@example.com', '+1 202-555-0183', '192.0.2.44', '4111 1111 1111 1111', '2001:db8::44'];

/** The subset of JSON Schema the route schemas use. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  const?: unknown;
}

/** Strings: random text, planted values alone or inside text, boundaries of the length limits. */
function stringArb(s: Schema): fc.Arbitrary<string> {
  const max = Math.min(s.maxLength ?? 200, 200);
  const parts: Array<fc.Arbitrary<string>> = [
    fc.string({ minLength: s.minLength ?? 0, maxLength: max }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constantFrom(...PLANTED),
    fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...PLANTED), fc.string({ maxLength: 20 })).map(([a, p, b]) => `${a} ${p} ${b}`),
    fc.constantFrom('', ' ', '\u0000', '\ud800', '[EMAIL_ADDRESS]', '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --"),
  ];
  if (s.pattern) {
    try {
      parts.push(fc.stringMatching(new RegExp(s.pattern)));
    } catch {
      /* a pattern fast-check cannot generate from: the other strings still run */
    }
  }
  if (s.maxLength !== undefined && s.maxLength <= 50_000) parts.push(fc.constant('x'.repeat(s.maxLength + 1)));
  return fc.oneof(...parts);
}

/** A value for `s`; `depth` bounds nesting. */
export function fromSchema(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf && s.anyOf.length > 0) return fc.oneof(...s.anyOf.map((x) => fromSchema(x, depth + 1)));
  switch (s.type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return fc.oneof(fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 }), fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5));
    case 'number':
      return fc.oneof(fc.double({ noNaN: true }), fc.integer());
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = s.items ? fromSchema(s.items, depth + 1) : fc.jsonValue();
      return fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 25) });
    }
    case 'object':
      return objectArb(s, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArb(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant({});
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) rec[k] = fromSchema(v, depth + 1);
  const keys = Object.keys(rec);
  const valid = fc.record(rec, { requiredKeys: keys.filter((k) => required.has(k)) });
  return valid;
}

/**
 * A body for a route whose body schema is `s`: mostly schema-shaped, often broken on purpose.
 * Returns the raw payload string sent (JSON, or not JSON at all).
 */
export function bodyFor(s: Schema | undefined): fc.Arbitrary<string> {
  const shaped = s ? fromSchema(s) : fc.jsonValue();
  const nearMiss = fc
    .tuple(shaped, fc.nat(3), fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
    .map(([v, how, key, junk]) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
      const o = { ...(v as Record<string, unknown>) };
      const keys = Object.keys(o);
      if (how === 0 && keys.length > 0) delete o[keys[0] as string];
      else if (how === 1) o[key || 'unknownField'] = junk;
      else if (how === 2 && keys.length > 0) o[keys[keys.length - 1] as string] = junk;
      else if (how === 3) return [o];
      return o;
    });
  const json = fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 4, arbitrary: nearMiss }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }).map((v) => JSON.stringify(v) ?? 'null');
  const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1'));
  const brokenJson = fc.tuple(json, fc.nat(40)).map(([j, cut]) => j.slice(0, Math.max(0, j.length - 1 - cut)));
  return fc.oneof({ weight: 8, arbitrary: json }, { weight: 1, arbitrary: bytes }, { weight: 1, arbitrary: brokenJson });
}
