/**
 * Security-core tests of the vault primitives, written from their specifications (RFC 4648, RFC 5869,
 * RFC 4231, NIST SP 800-38D) rather than from the code's own output. They also pin the hand-made
 * bugs a mutation tool does not make: an all-zero AES-GCM nonce, associated data that no longer
 * binds a wrapped data key to its scope.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32, dataKeyAad, decryptValue, deriveKey, encryptValue, keyedHash, newToken, TOKEN_PATTERN, valueAad } from './crypto.ts';
import { LocalKms } from './kms.ts';

const KEY = Buffer.alloc(32, 7);

describe('base32 (RFC 4648 §10 test vectors, lower case, no padding)', () => {
  it.each([
    ['', ''],
    ['f', 'my'],
    ['fo', 'mzxq'],
    ['foo', 'mzxw6'],
    ['foob', 'mzxw6yq'],
    ['fooba', 'mzxw6ytb'],
    ['foobar', 'mzxw6ytboi'],
  ])('%j → %j', (input, want) => {
    expect(base32(Buffer.from(input, 'ascii'))).toBe(want);
  });

  it('uses the whole alphabet a–z, 2–7 for all-ones and all-zeros input', () => {
    expect(base32(Buffer.alloc(5, 0xff))).toBe('77777777');
    expect(base32(Buffer.alloc(5, 0))).toBe('aaaaaaaa');
    expect(base32(Buffer.from([0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf, 0x84, 0x65, 0x3a, 0x56, 0xd7, 0xc6, 0x75, 0xbe, 0x77, 0xdf]))).toBe(
      'abcdefghijklmnopqrstuvwxyz234567',
    );
  });
});

describe('tokens', () => {
  it('TOKEN_PATTERN accepts exactly tok_ + 16 base32 characters', () => {
    expect(TOKEN_PATTERN.test('tok_abcdefghijklmnop')).toBe(true);
    expect(TOKEN_PATTERN.test('tok_234567abcdefghij')).toBe(true);
    for (const bad of ['tok_abcdefghijklmno', 'tok_abcdefghijklmnopq', 'tok_ABCDEFGHIJKLMNOP', 'tok_abcdefghijklmn01', 'tok_abcdefghijklmno8',
      'xtok_abcdefghijklmnop', 'tok_abcdefghijklmnop\n', 'abcdefghijklmnop', 'tok-abcdefghijklmnop', ' tok_abcdefghijklmnop']) {
      expect(TOKEN_PATTERN.test(bad), bad).toBe(false);
    }
  });

  it('newToken gives 80 random bits in the token format, never twice the same', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const t = newToken();
      expect(t).toMatch(/^tok_[a-z2-7]{16}$/);
      seen.add(t);
    }
    expect(seen.size).toBe(200);
  });
});

describe('deriveKey (HKDF-SHA-256, RFC 5869)', () => {
  it('is HKDF-SHA-256 with salt "enclave-vault-v1" and info "<purpose>\\0<scope>", 32 bytes (stored blind indexes and marks depend on it)', () => {
    const want = Buffer.from(hkdfSync('sha256', KEY, Buffer.from('enclave-vault-v1'), Buffer.from('mark\0channel:c1'), 32));
    const got = deriveKey(KEY, 'mark', 'channel:c1');
    expect(got.length).toBe(32);
    expect(got.equals(want)).toBe(true);
  });

  it('separates purposes, scopes and data keys', () => {
    const a = deriveKey(KEY, 'blind-index', 'channel:c1');
    expect(a.equals(deriveKey(KEY, 'blind-index', 'channel:c1'))).toBe(true);
    expect(a.equals(deriveKey(KEY, 'mark', 'channel:c1'))).toBe(false);
    expect(a.equals(deriveKey(KEY, 'blind-index', 'channel:c2'))).toBe(false);
    expect(a.equals(deriveKey(Buffer.alloc(32, 8), 'blind-index', 'channel:c1'))).toBe(false);
    expect(a.equals(KEY)).toBe(false);
  });
});

describe('keyedHash (HMAC-SHA-256, RFC 2104)', () => {
  it('matches RFC 4231 test case 2, as base64url', () => {
    const want = Buffer.from('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'hex').toString('base64url');
    expect(keyedHash(Buffer.from('Jefe'), 'what do ya want for nothing?')).toBe(want);
  });

  it('hashes the value as UTF-8 and depends on the key', () => {
    const want = createHmac('sha256', KEY).update(Buffer.from('naïve ✓', 'utf8')).digest('base64url');
    expect(keyedHash(KEY, 'naïve ✓')).toBe(want);
    expect(keyedHash(KEY, 'x')).not.toBe(keyedHash(Buffer.alloc(32, 9), 'x'));
  });
});

describe('associated data', () => {
  it('valueAad names the token, scope and entity type, each separately', () => {
    const base = valueAad('tok_abcdefghijklmnop', 'channel:c1', 'EMAIL_ADDRESS');
    const text = base.toString('utf8');
    expect(text).toContain('tok_abcdefghijklmnop');
    expect(text).toContain('channel:c1');
    expect(text).toContain('EMAIL_ADDRESS');
    for (const other of [
      valueAad('tok_abcdefghijklmnoq', 'channel:c1', 'EMAIL_ADDRESS'),
      valueAad('tok_abcdefghijklmnop', 'channel:c2', 'EMAIL_ADDRESS'),
      valueAad('tok_abcdefghijklmnop', 'channel:c1', 'IP_ADDRESS'),
      dataKeyAad('channel:c1'),
    ]) {
      expect(base.equals(other)).toBe(false);
    }
  });

  it('dataKeyAad is different for every scope and is not empty', () => {
    const a = dataKeyAad('channel:c1');
    expect(a.toString('utf8')).toContain('channel:c1');
    expect(a.equals(dataKeyAad('channel:c2'))).toBe(false);
    expect(a.equals(dataKeyAad('subject:c1'))).toBe(false);
    expect(a.equals(dataKeyAad('channel:c1'))).toBe(true);
  });
});

describe('AES-256-GCM values (NIST SP 800-38D)', () => {
  const aad = valueAad('tok_abcdefghijklmnop', 'channel:c1', 'EMAIL_ADDRESS');

  it('uses a fresh random 12-byte nonce: the same plaintext twice under the same key gives different nonces and ciphertexts', () => {
    const a = encryptValue(KEY, 'jane.doe@example.com', aad);
    const b = encryptValue(KEY, 'jane.doe@example.com', aad);
    expect(a.iv.length).toBe(12);
    expect(b.iv.length).toBe(12);
    expect(a.iv.equals(Buffer.alloc(12))).toBe(false);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.tag.equals(b.tag)).toBe(false);
    const ivs = new Set<string>();
    for (let i = 0; i < 100; i++) ivs.add(encryptValue(KEY, 'x', aad).iv.toString('hex'));
    expect(ivs.size).toBe(100);
  });

  it('is standard AES-256-GCM with the associated data: an independent decryption recovers the UTF-8 plaintext', () => {
    const value = 'Jane Doe ✓ 𝄞 555-0142';
    const box = encryptValue(KEY, value, aad);
    expect(box.tag.length).toBe(16);
    expect(box.ciphertext.length).toBe(Buffer.byteLength(value, 'utf8'));
    const d = createDecipheriv('aes-256-gcm', KEY, box.iv);
    d.setAAD(aad);
    d.setAuthTag(box.tag);
    expect(Buffer.concat([d.update(box.ciphertext), d.final()]).toString('utf8')).toBe(value);
  });

  it('decrypts what standard AES-256-GCM encrypted', () => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', KEY, iv);
    c.setAAD(aad);
    const ciphertext = Buffer.concat([c.update('192.0.2.17', 'utf8'), c.final()]);
    expect(decryptValue(KEY, { ciphertext, iv, tag: c.getAuthTag() }, aad)).toBe('192.0.2.17');
  });

  it('refuses another key, other associated data, or any altered byte', () => {
    const box = encryptValue(KEY, 'jane.doe@example.com', aad);
    expect(decryptValue(KEY, box, aad)).toBe('jane.doe@example.com');
    expect(() => decryptValue(Buffer.alloc(32, 8), box, aad)).toThrow();
    expect(() => decryptValue(KEY, box, valueAad('tok_abcdefghijklmnop', 'channel:c2', 'EMAIL_ADDRESS'))).toThrow();
    expect(() => decryptValue(KEY, box, Buffer.alloc(0))).toThrow();
    const flip = (b: Buffer): Buffer => {
      const c = Buffer.from(b);
      c[0] = (c[0] ?? 0) ^ 1;
      return c;
    };
    expect(() => decryptValue(KEY, { ...box, ciphertext: flip(box.ciphertext) }, aad)).toThrow();
    expect(() => decryptValue(KEY, { ...box, iv: flip(box.iv) }, aad)).toThrow();
    expect(() => decryptValue(KEY, { ...box, tag: flip(box.tag) }, aad)).toThrow();
  });
});

describe('wrapped data keys (LocalKms)', () => {
  it('wraps with a fresh nonce each time', async () => {
    const kms = LocalKms.generate();
    const dek = randomBytes(32);
    const a = await kms.wrap(dek, dataKeyAad('channel:c1'));
    const b = await kms.wrap(dek, dataKeyAad('channel:c1'));
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(1, 13).equals(Buffer.alloc(12))).toBe(false);
  });

  it('a data key wrapped for one scope does not unwrap for another scope (AAD binding)', async () => {
    const kms = LocalKms.generate();
    const dek = randomBytes(32);
    const wrapped = await kms.wrap(dek, dataKeyAad('channel:c1'));
    expect((await kms.unwrap(wrapped, dataKeyAad('channel:c1'))).equals(dek)).toBe(true);
    await expect(kms.unwrap(wrapped, dataKeyAad('channel:c2'))).rejects.toThrow();
    await expect(kms.unwrap(wrapped, dataKeyAad('subject:s1'))).rejects.toThrow();
  });
});
