/**
 * Client child: signs and posts reports (`X-Enclave-Signature: t=…,v1=HMAC-SHA256("<t>.<body>")`,
 * as `bin/enclave intake send` does) to `POST /api/v1/intake/reports`, `concurrency` requests in
 * flight (closed loop) for `seconds`; each report is new (two new subjects). Measures statuses,
 * latency (request start → response body read, this process's clock) and the server's CPU time.
 */
import { signatureHeader } from '../../server/src/services/cases/integrations.ts';
import { percentile } from '../detect/measure.ts';
import { processCpuMs as cpuMsOf } from '../protect/protocol.ts';
import { answer, lightReport, valueCount, type ClientRequest, type ClientResult } from './protocol.ts';

async function run(req: ClientRequest): Promise<ClientResult> {
  const statuses: Record<string, number> = {};
  const lat: number[] = [];
  let sent = 0;
  let created = 0;
  let errors = 0;
  let values = 0;
  let n = req.firstSubject;
  const cpu0 = cpuMsOf(req.serverPid);
  const t0 = performance.now();
  const end = t0 + req.seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const report = lightReport(n, `http-${n}`);
      n += 2;
      const body = JSON.stringify(report);
      const s = performance.now();
      sent++;
      try {
        const res = await fetch(`${req.url}/api/v1/intake/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-enclave-integration': req.integrationId, 'x-enclave-signature': signatureHeader(req.secret, Math.floor(Date.now() / 1000), body) },
          body,
        });
        await res.arrayBuffer();
        lat.push(performance.now() - s);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 201) {
          created++;
          values += report.accounts.reduce((k, a) => k + valueCount(a), 0);
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: req.concurrency }, () => worker()));
  const elapsedMs = performance.now() - t0;
  return {
    sent,
    created,
    statuses,
    errors,
    elapsedMs,
    latency: { p50: percentile(lat, 50), p99: percentile(lat, 99), max: lat.length ? Math.max(...lat) : NaN },
    serverCpuMs: cpuMsOf(req.serverPid) - cpu0,
    values,
  };
}

process.once('message', (msg: ClientRequest) => answer(() => run(msg)));
process.on('disconnect', () => process.exit(1));
