/** Test helpers of the cases domain: an integration, signed intake posts, a fake report. */
import { createIntegration, signatureHeader } from '../../services/cases/integrations.ts';
import type { TestServer } from '../../test/factories.ts';

/** Creates an integration directly (as the CLI does). */
export function makeIntegration(srv: TestServer, name = 'platform'): Promise<{ id: string; secret: string }> {
  return srv.ctx.write((uow) => createIntegration(uow.db, srv.ctx.privacy.vault.keys, { name, actor: 'test' }));
}

/** Posts `body` (string or object) to the intake, signed with `secret` at `t` (default now). */
export async function postReport(
  srv: TestServer,
  integration: { id: string; secret: string },
  body: unknown,
  opts: { t?: number; signature?: string | null; integrationHeader?: string | null; signedBody?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const t = opts.t ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const id = opts.integrationHeader === undefined ? integration.id : opts.integrationHeader;
  if (id !== null) headers['x-enclave-integration'] = id;
  const sig = opts.signature === undefined ? signatureHeader(integration.secret, t, opts.signedBody ?? raw) : opts.signature;
  if (sig !== null) headers['x-enclave-signature'] = sig;
  const res = await fetch(`${srv.url}/api/v1/intake/reports`, { method: 'POST', headers, body: raw });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

let n = 0;

/** A report with obviously fake data (example.com, 555-01xx, 192.0.2.0/24, 2001:db8::). */
export function fakeReport(over: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1;
  return {
    reportId: `r-${Date.now()}-${n}`,
    category: 'harassment',
    text: 'This account keeps sending me threats.',
    submittedAt: new Date().toISOString(),
    accounts: [
      { role: 'reporter', accountId: `acc-rep-${n}`, displayName: 'Jane Doe', email: 'jane.doe@example.com', phone: '+1 201-555-0147', country: 'Germany' },
      {
        role: 'reported',
        accountId: `acc-bad-${n}`,
        displayName: 'Mallory Example',
        username: '@mallory_ex',
        email: 'mallory@example.com',
        phone: '+1 201-555-0188',
        ipAddresses: ['192.0.2.44', '2001:db8::44'],
        deviceIds: ['490154203237518'],
      },
    ],
    ...over,
  };
}
