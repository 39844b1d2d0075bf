/**
 * Profiling driver: calls `analyze()` once per chat message (IRC dev logs and SMS texts from
 * `../shared/data/chat`) for a few rounds, so `node --cpu-prof --import tsx` can record where the
 * time goes. Prints the CPU milliseconds per round.
 * Usage: `node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx packages/pii/scripts/profile-chat.ts [ROUNDS]`
 * then `npx tsx packages/pii/scripts/profile-summary.ts /tmp/prof/<file>.cpuprofile`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { analyze } from '../src/index.ts';

const DATA = new URL('../../../../shared/data/chat/', import.meta.url);
const lines: string[] = [];
const irc = new URL('irc-ubuntu/dev/', DATA);
if (existsSync(irc)) for (const f of readdirSync(irc).sort()) lines.push(...readFileSync(new URL(f, irc), 'utf8').split('\n').slice(0, 3000));
const sms = new URL('sms-spam-collection/SMSSpamCollection.tsv', DATA);
if (existsSync(sms)) lines.push(...readFileSync(sms, 'utf8').split('\n').slice(1).map((l) => l.slice(l.indexOf('\t') + 1)));
const msgs = lines.filter((l) => l.trim().length > 0).map((l) => Buffer.from(l).toString());
const rounds = Number(process.argv[2] ?? 5);
let sink = 0;
for (let r = 0; r < rounds; r++) {
  const c0 = process.cpuUsage();
  for (const m of msgs) sink += analyze(m).length;
  const c = process.cpuUsage(c0);
  console.log(`round ${r}: ${msgs.length} messages, ${((c.user + c.system) / 1000).toFixed(0)} ms CPU`);
}
console.log(`findings ${sink / rounds}`);
