/**
 * Local timing script of the PERSON recognizer alone (the official benchmark is `npm run bench:detect`).
 * Reads real chat text from `../shared/data/chat` (IRC dev logs `irc-ubuntu/dev`, SMS spam collection)
 * grouped into messages of ~1 KB (UTF-16 units). Prints, per corpus and for both together:
 * throughput in MiB/s (UTF-8 bytes over the process's CPU time, `process.cpuUsage`, best of N rounds —
 * far less distorted than wall-clock when other processes share the cores), wall-clock p50/p99 per
 * message (each the minimum of 5 runs of that message), and the number of PERSON results scoring ≥ 0.4 (on IRC these are mostly false positives:
 * nicknames and tech words). `--show N` prints N random findings of each corpus with their context.
 * Usage: `npx tsx packages/pii/scripts/time-person.ts [--rounds N] [--show N]`.
 * Exits with status 2 when the chat data is missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { personRecognizer } from '../src/recognizers/person.ts';

const DATA = new URL('../../../../shared/data/chat/', import.meta.url);
const opts = { phoneRegions: ['US'] };

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

function load(): { irc: string[]; sms: string[] } {
  const irc = new URL('irc-ubuntu/dev/', DATA);
  const sms = new URL('sms-spam-collection/SMSSpamCollection.tsv', DATA);
  if (!existsSync(irc) || !existsSync(sms)) {
    console.error('time-person: chat data missing under ../shared/data/chat');
    process.exit(2);
  }
  const ircLines: string[] = [];
  for (const f of readdirSync(irc).sort()) ircLines.push(...readFileSync(new URL(f, irc), 'utf8').split('\n'));
  const smsLines = readFileSync(sms, 'utf8').split('\n').slice(1).map((l) => l.slice(l.indexOf('\t') + 1));
  return { irc: ircLines.filter((l) => l.length > 0), sms: smsLines.filter((l) => l.length > 0) };
}

/** Groups lines into messages of about `size` UTF-16 units. */
function chunk(lines: string[], size: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const l of lines) {
    cur += l + '\n';
    if (cur.length >= size) { out.push(cur); cur = ''; }
  }
  if (cur) out.push(cur);
  return out;
}

const mib = (msgs: string[]): number => msgs.reduce((n, m) => n + Buffer.byteLength(m), 0) / 1048576;

function throughput(msgs: string[], rounds: number): number {
  for (const m of msgs) personRecognizer.analyze(m, opts);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (const m of msgs) personRecognizer.analyze(m, opts);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return mib(msgs) / (best / 1000);
}

/** Wall-clock latency per message, the minimum of 5 runs of each (filters out preemption by other processes). */
function latency(msgs: string[]): { p50: number; p99: number } {
  const lat: number[] = [];
  for (const m of msgs) {
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      personRecognizer.analyze(m, opts);
      best = Math.min(best, performance.now() - t0);
    }
    lat.push(best);
  }
  lat.sort((a, b) => a - b);
  return { p50: lat[Math.floor(0.5 * lat.length)]!, p99: lat[Math.floor(0.99 * lat.length)]! };
}

function findings(msgs: string[], show: number, label: string): number {
  let n = 0;
  const all: string[] = [];
  for (const m of msgs) {
    for (const r of personRecognizer.analyze(m, opts)) {
      if (r.score < 0.4) continue;
      n++;
      all.push(`${r.score.toFixed(2)} ${JSON.stringify(m.slice(Math.max(0, r.start - 25), r.start))} [${m.slice(r.start, r.end)}] ${JSON.stringify(m.slice(r.end, r.end + 15))}`);
    }
  }
  for (let i = 0; i < show && all.length > 0; i++) console.log(`  ${label}: ${all[(i * 7919) % all.length]}`);
  return n;
}

const { irc, sms } = load();
const rounds = arg('--rounds', 3);
const show = arg('--show', 0);
const sets: Array<[string, string[]]> = [['irc', chunk(irc, 1024)], ['sms', chunk(sms, 1024)]];
sets.push(['both', [...sets[0]![1], ...sets[1]![1]]]);
for (const [name, msgs] of sets) {
  const tp = throughput(msgs, rounds);
  const { p50, p99 } = latency(msgs);
  const hits = name === 'both' ? '' : `, findings ≥ 0.4: ${findings(msgs, show, name)}`;
  console.log(`${name.padEnd(4)} ${mib(msgs).toFixed(2)} MiB in ${msgs.length} msgs: ${tp.toFixed(1)} MiB/s CPU, p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (min of 5)${hits}`);
}
