/**
 * Every stream client frame, fuzzed over real WebSocket connections to a real server: text frames
 * (JSON near the ping shape, random text with planted values), binary frames and bad `since`
 * cursors. The server must answer a ping with a pong, anything else with the documented error
 * frame and a close (1008, or the RFC 6455 code for a protocol error), never echo the frame, and
 * keep serving other sockets: a watcher connected throughout still gets a message posted at the end.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../server/src/test/factories.ts';
import { PLANTED } from './arbitraries.ts';

const RUNS = Math.max(50, Math.floor(Number(process.env.FUZZ_RUNS ?? 500) / 2));

let srv: TestServer;
let user: TestUser;

beforeAll(async () => {
  srv = await startServer({ limits: { maxSocketsPerUser: 10_000 } });
  user = await makeUser(srv);
});
afterAll(async () => {
  await srv?.close();
});

type Outcome = { frames: string[]; code: number | null };

/** Opens a stream (with `query`), sends `frame`, collects what comes back until close or 1.5 s. */
function exchange(query: string, frame: string | Buffer | null): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/api/v1/stream${query}`, { headers: { authorization: `Bearer ${user.token}` } });
    const frames: string[] = [];
    let done = false;
    const finish = (code: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ws.terminate();
      resolve({ frames, code });
    };
    const timer = setTimeout(() => finish(null), 1500);
    ws.on('message', (d: Buffer) => {
      frames.push(d.toString());
      if (frame === null) return finish(null);
      if (frames.length === 1) ws.send(frame, { binary: Buffer.isBuffer(frame) });
      if (frames.some((f) => f === '{"type":"pong"}')) finish(null);
    });
    ws.on('close', (code) => finish(code));
    ws.on('unexpected-response', (_req, res) => {
      done = true;
      clearTimeout(timer);
      resolve({ frames: [`http ${res.statusCode}`], code: null });
    });
    ws.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}

const textFrame = fc.oneof(
  fc.constant('{"type":"ping"}'),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.record({ type: fc.oneof(fc.constant('ping'), fc.string({ maxLength: 10 })), extra: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: ['type'] }).map((v) => JSON.stringify(v)),
  fc.tuple(fc.string({ maxLength: 30 }), fc.constantFrom(...PLANTED)).map(([a, p]) => `${a}${p}`),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);

describe('fuzzing the stream', () => {
  it(`answers every client frame as documented and never echoes it (${RUNS} frames)`, async () => {
    const ch = await makeChannel(srv, user);
    const watcher = await connect(srv, user.token);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: textFrame }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) }), async (frame) => {
        const out = await exchange('', frame);
        const isPing = typeof frame === 'string' && (() => {
          try {
            const v = JSON.parse(frame) as unknown;
            return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && (v as { type?: unknown }).type === 'ping';
          } catch {
            return false;
          }
        })();
        const after = out.frames.slice(1);
        if (isPing) {
          if (!after.includes('{"type":"pong"}')) failures.push(`no pong for ${frame}`);
        } else if (out.code !== 1008 && out.code !== 1007 && out.code !== 1002) {
          failures.push(`close ${out.code} for ${JSON.stringify(typeof frame === 'string' ? frame : frame.toString('hex'))}`);
        }
        const text = typeof frame === 'string' ? frame : frame.toString('latin1');
        for (const p of PLANTED) if (text.includes(p) && out.frames.some((f) => f.includes(p))) failures.push('a frame echoed a planted value');
        return failures.length === 0;
      }),
      { numRuns: RUNS, endOnFailure: true },
    ).catch(() => undefined);
    expect(failures).toEqual([]);
    const m = await post(srv, user, ch.id, 'still alive after the fuzzing');
    await watcher.until((f) => f.some((x) => x.message?.id === m.id));
    watcher.close();
  });

  it('answers every `since` cursor with 400, reset or a replay, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('-1', '1e9', '9007199254740993', '0x10', '', '1.5')), async (since) => {
        const out = await exchange(`?since=${encodeURIComponent(since)}`, null);
        const first = out.frames[0] ?? '';
        return first.startsWith('http 4') || first.startsWith('{"type":"hello"');
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 5)) },
    );
  });
});
