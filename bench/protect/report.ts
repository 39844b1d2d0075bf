/**
 * Markdown report of the protection benchmark: one table of figures with targets and pass/fail,
 * with the load average (1/5/15 min) of the machine at each phase. Times in ms unless stated.
 */
import type { AuditResult, LoadResult, Summary } from './protocol.ts';

export interface ReportInput {
  quick: boolean;
  sizes: { channels: number; members: number; rate: number; windowSeconds: number; rounds: number; reveals: number; single: number; seed: number };
  started: string;
  finished: string;
  loads: Record<string, string>;
  load: LoadResult;
  /** Absent with `--no-audit` (the send/deliver part alone). */
  audit?: AuditResult;
  verify?: { code: number | null; stdout: string; stderr: string; ms: number };
}

const ms = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const mark = (ok: boolean): string => (ok ? 'pass' : '**FAIL**');
const perS = (n: number, t: number): number => (n / t) * 1000;
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
const sm = (s: Summary): string => `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (n=${s.n})`;

/** The report markdown. */
export function renderReport(r: ReportInput): string {
  const on = r.load.results.on;
  const off = r.load.results.off;
  const overhead = (on.latency.p99 - off.latency.p99) / off.latency.p99;
  const z = r.sizes;
  const { audit, verify } = r;
  const L = r.loads;
  const cpuOn = on.serverCpuMs / on.accepted;
  const cpuOff = off.serverCpuMs / off.accepted;
  const lines = [
    `# bench:protect — protection benchmark${r.quick ? ' (--quick)' : ''}`,
    '',
    `Run ${r.started} → ${r.finished}. Load average (1/5/15 min) — start ${L.start}; before load ${L.load}; after load ${L.afterLoad}; after audit append ${L.afterAudit}; after verify ${L.afterVerify}. Shared 2-core machine: figures under load from other work are upper bounds.`,
    '',
    `Setup: ${z.channels} private channels × ${z.members} members = ${z.channels * z.members} stream sockets per server, held by a separate clients process (${r.load.sockets} sockets in all, connected in ${(r.load.connectMs / 1000).toFixed(1)} s). Two servers on SQLite: **ON** = \`bin/enclave serve\`; **OFF** = the same server code built with the pass-through guard (\`bench/protect/off-server.ts\`: the server has no configuration switch to disable protection). After an unrecorded 3 s warm-up per server, ${z.rounds} rounds; each round sends ${z.windowSeconds} s at ${z.rate} messages/s to ON and to OFF (order alternating). Half the messages carry personal data (fake e-mail, IPv4, phone), half none; both servers get the same texts. Latency = POST start → \`message.created\` frame at each member's socket.`,
    '',
    '| measure | figure | target | result |',
    '| --- | ---: | ---: | --- |',
    `| send→deliver p99, protection ON | ${ms(on.latency.p99)} | < 50 ms at ${z.rate} msg/s | ${mark(on.latency.p99 < 50 && on.achievedRate >= 0.95 * z.rate)} |`,
    `| send→deliver p99, protection OFF | ${ms(off.latency.p99)} | — | |`,
    `| protection overhead on p99 | ${Number.isFinite(overhead) ? `${(overhead * 100).toFixed(1)}%` : 'n/a'} | ≤ 20% | ${mark(overhead <= 0.2)} |`,
    `| achieved rate ON / OFF (accepted ÷ time to last answer) | ${on.achievedRate.toFixed(0)} / ${off.achievedRate.toFixed(0)} msg/s | ${z.rate} | ${mark(on.achievedRate >= 0.95 * z.rate && off.achievedRate >= 0.95 * z.rate)} |`,
    `| server CPU per accepted message ON / OFF (load-independent) | ${cpuOn.toFixed(2)} / ${cpuOff.toFixed(2)} ms = ${(cpuOn / cpuOff).toFixed(2)}× | ≤ 1.2× (issue 9) | ${mark(cpuOn / cpuOff <= 1.2)} |`,
    `| reveal p99 (member, with justification) | ${ms(r.load.reveal.latency.p99)} | < 10 ms | ${mark(r.load.reveal.latency.n > 0 && r.load.reveal.latency.p99 < 10)} |`,
    ...(audit && verify ? auditRows(r, audit, verify) : ['| audit append, `audit verify` | not run (`--no-audit`) | | |']),
    '',
    '## Details',
    '',
    `- ON: ${sm(on.latency)}; with personal data ${sm(on.latencyPii)}; plain ${sm(on.latencyPlain)}; POST ${sm(on.post)}; accepted ${on.accepted}/${on.sent}, rejected ${JSON.stringify(on.rejected)}, delivered ${on.delivered}/${on.expected}.`,
    `- OFF: ${sm(off.latency)}; with personal data ${sm(off.latencyPii)}; plain ${sm(off.latencyPlain)}; POST ${sm(off.post)}; accepted ${off.accepted}/${off.sent}, rejected ${JSON.stringify(off.rejected)}, delivered ${off.delivered}/${off.expected}.`,
    `- Reveal: ${sm(r.load.reveal.latency)}; answers ${JSON.stringify(r.load.reveal.statuses)} (${r.load.reveal.tokensSeen} tokens seen; \`ENCLAVE_REVEAL_RATE=1000000\` so the per-person limit does not interfere; sequential calls by a member other than the author).`,
    ...(audit && verify ? auditDetails(audit, verify) : []),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function auditRows(r: ReportInput, audit: AuditResult, verify: NonNullable<ReportInput['verify']>): string[] {
  const single = perS(audit.single.events, audit.single.ms);
  const verifyOk = verify.code === 0;
  return [
    `| audit append, one transaction per event | ${fmt(single)} events/s | ≥ 5,000/s | ${mark(single >= 5000)} |`,
    `| \`audit verify\` of ${fmt(audit.seeded.events)} events | ${(verify.ms / 1000).toFixed(2)} s | < 10 s${r.quick ? ' (for 1,000,000)' : ''} | ${r.quick ? 'n/a (--quick)' : mark(verifyOk && verify.ms < 10_000)} |`,
  ];
}

function auditDetails(audit: AuditResult, verify: NonNullable<ReportInput['verify']>): string[] {
  const seeded = perS(audit.seeded.events, audit.seeded.ms);
  const verifyLine = (verify.stdout.trim() || verify.stderr.trim()).split('\n')[0] ?? '';
  return [
    `- Audit append: ${fmt(audit.single.events)} events one per transaction in ${(audit.single.ms / 1000).toFixed(2)} s wall (CPU ${(audit.single.cpuMs / 1000).toFixed(2)} s = ${fmt(perS(audit.single.events, audit.single.cpuMs))} per CPU-second); seeding ${fmt(audit.seeded.events)} events, 1,000 per transaction, in ${(audit.seeded.ms / 1000).toFixed(1)} s = ${fmt(seeded)} events/s (CPU ${fmt(perS(audit.seeded.events, audit.seeded.cpuMs))}/CPU-s). SQLite WAL, synchronous=NORMAL (\`openSqlite\`).`,
    `- \`bin/enclave audit verify\` (exit ${verify.code}, wall time including process start): ${verifyLine}`,
  ];
}
