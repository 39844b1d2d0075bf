import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, readCookie, request } from './client.ts';

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('enclave_csrf', 'a=1; enclave_csrf=abc%2Bdef; b=2')).toBe('abc+def');
    expect(readCookie('enclave_csrf', 'a=1; xenclave_csrf=zzz')).toBeUndefined();
  });
});

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function stub(status: number, body: unknown) {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('document', { cookie: 'enclave_csrf=tok123' });
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    });
    return calls;
  }

  it('sends the CSRF header on state-changing calls only', async () => {
    const calls = stub(200, { ok: true });
    await request('GET', '/me');
    await request('POST', '/channels', { name: 'x' });
    const h0 = calls[0]?.init.headers as Record<string, string>;
    const h1 = calls[1]?.init.headers as Record<string, string>;
    expect(h0['X-CSRF-Token']).toBeUndefined();
    expect(h1['X-CSRF-Token']).toBe('tok123');
    expect(calls[1]?.url).toBe('/api/v1/channels');
    expect(calls[1]?.init.body).toBe('{"name":"x"}');
  });

  it('turns error JSON into ApiError with code, message and extra fields', async () => {
    stub(422, { error: { code: 'personal_data_blocked', message: 'Blocked', hint: 'use the case room' } });
    const err = await request('POST', '/channels/C/messages', { text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'personal_data_blocked', message: 'Blocked', details: { hint: 'use the case room' } });
  });
});
