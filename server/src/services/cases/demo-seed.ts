/**
 * Demo workspace (`bin/enclave demo`, `npm start -- --demo`): fictional staff with passwords
 * printed once, queues and routing, an integration, ~50 complaints generated from templates with
 * obviously fake data (example.com, +1 201-555-01xx, 192.0.2.x, 2001:db8::), a few assigned with
 * conversations in their case rooms and in a team channel. Only into an empty data folder.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createChannel, addMember } from '../chat/channels.ts';
import { createMessage } from '../chat/messages.ts';
import { createUser } from '../users/users.ts';
import { assignCase } from './cases.ts';
import { createIntegration } from './integrations.ts';
import { receiveReport } from './intake.ts';
import { ensureQueue, setRoutingRule } from './queues.ts';
import { CATEGORIES, type Report } from './report-schema.ts';

const STAFF = [
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' },
  { email: 'lead@example.com', name: 'Lee Lead', role: 'lead' },
  { email: 'agent1@example.com', name: 'Ari Agent', role: 'agent' },
  { email: 'agent2@example.com', name: 'Bo Agent', role: 'agent' },
  { email: 'privacy@example.com', name: 'Pia Privacy', role: 'privacy_officer' },
] as const;

const FIRST = ['Jane', 'Omar', 'Lena', 'Kofi', 'Mira', 'Tomas', 'Yuki', 'Ines', 'Ravi', 'Zoe'];
const LAST = ['Doe', 'Example', 'Sample', 'Testley', 'Placeholder', 'Fictive', 'Mockford'];
const TEXTS: Record<string, string[]> = {
  harassment: ['This account keeps sending me threatening messages.', 'They post insults under every photo I share.'],
  impersonation: ['Someone made a profile with my name and photos.', 'This account pretends to be our support team.'],
  privacy: ['They posted my home address in a comment.', 'Someone shared my phone number in a public group.'],
  self_harm: ['A friend posted worrying messages tonight.'],
  child_safety: ['This account sends messages to young users.'],
  spam: ['Endless links to a fake shop.', 'Bot account posting the same ad everywhere.'],
  other: ['Something about this account feels wrong.'],
};

/** Printed once: who can sign in with which password. */
export interface DemoLogin {
  email: string;
  role: string;
  password: string;
}

function person(i: number) {
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[(i * 3) % LAST.length] as string;
  const nn = String(i % 100).padStart(2, '0');
  return {
    displayName: `${first} ${last}`,
    username: `${first.toLowerCase()}_${last.toLowerCase()}${i}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@example.com`,
    phone: `+1 201-555-01${nn}`,
    ip: `192.0.2.${(i % 250) + 1}`,
  };
}

/**
 * Seeds the demo into `ctx` (its database must have no users: `409 not_empty` otherwise).
 * Returns the staff logins (passwords generated here, shown once by the caller).
 */
export async function seedDemo(ctx: AppContext, opts: { complaints?: number } = {}): Promise<{ logins: DemoLogin[]; cases: number }> {
  const any = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) throw new AppError(409, 'not_empty', 'The data folder already has accounts; the demo seeds only an empty one');
  const logins: DemoLogin[] = [];
  const staff: Array<{ id: string; role: string; name: string }> = [];
  for (const s of STAFF) {
    const password = randomBytes(9).toString('base64url');
    const hash = await hashPassword(password);
    const row = await ctx.write((uow) => createUser(uow.db, { email: s.email, name: s.name, role: s.role, passwordHash: hash, actor: 'demo' }));
    staff.push({ id: row.id, role: s.role, name: s.name });
    logins.push({ email: s.email, role: s.role, password });
  }
  const [admin, lead, agent1, agent2] = staff as [(typeof staff)[0], (typeof staff)[0], (typeof staff)[0], (typeof staff)[0]];
  const integration = await ctx.write(async (uow) => {
    const desk = await ensureQueue(uow.db, 'harassment-desk', 4 * 60);
    const safety = await ensureQueue(uow.db, 'safety', 60);
    const general = await ensureQueue(uow.db, 'general', 24 * 60);
    for (const c of CATEGORIES) {
      const queueId = c === 'harassment' || c === 'impersonation' ? desk.id : c === 'self_harm' || c === 'child_safety' ? safety.id : general.id;
      await setRoutingRule(uow.db, { category: c, queueId, retentionDays: c === 'spam' ? 30 : 90, actor: lead.id });
    }
    for (const q of [desk, general]) for (const a of [agent1, agent2]) await uow.db.insertInto('queue_members').values({ queue_id: q.id, user_id: a.id }).execute();
    return createIntegration(uow.db, ctx.privacy.vault.keys, { name: 'Demo platform', actor: admin.id });
  });
  const n = opts.complaints ?? 50;
  const caseIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const category = CATEGORIES[i % CATEGORIES.length] as Report['category'];
    const texts = TEXTS[category] ?? ['A complaint.'];
    const rep = person(2 * i);
    const bad = person(2 * i + 1);
    const report: Report = {
      reportId: `demo-${i + 1}`,
      category,
      text: texts[i % texts.length] as string,
      submittedAt: new Date(Date.now() - (n - i) * 3_600_000).toISOString(),
      accounts: [
        { role: 'reporter', accountId: `demo-acc-${2 * i}`, displayName: rep.displayName, email: rep.email, country: 'Freedonia' },
        { role: 'reported', accountId: `demo-acc-${2 * i + 1}`, displayName: bad.displayName, username: `@${bad.username}`, email: bad.email, phone: bad.phone, ipAddresses: [bad.ip, `2001:db8::${i + 1}`] },
      ],
    };
    const r = await ctx.write((uow) => receiveReport(uow, { vault: ctx.privacy.vault, analyze: (t) => ctx.privacy.analyze(t), index: ctx.privacy.knownSubjects }, { integrationId: integration.id, report }));
    caseIds.push(r.caseId);
  }
  const deps = { guard: ctx.guard };
  for (const [k, caseId] of caseIds.slice(0, 4).entries()) {
    const agent = k % 2 === 0 ? agent1 : agent2;
    await ctx.write((uow) => assignCase(uow, lead, { caseId, userId: agent.id }));
    const c = await ctx.db.selectFrom('cases').select(['room_channel_id', 'number']).where('id', '=', caseId).executeTakeFirstOrThrow();
    const bad = person(2 * k + 1);
    await ctx.write((uow) => createMessage(uow, deps, agent, { channelId: c.room_channel_id as string, text: `Looking at case #${c.number} now. The reported account logs in from ${bad.ip}.` }));
    await ctx.write((uow) => createMessage(uow, deps, agent, { channelId: c.room_channel_id as string, text: `Their phone ${bad.phone} matches an older report; warning them.` }));
  }
  const team = await ctx.write((uow) => createChannel(uow, lead, { name: 'tns-team', visibility: 'private', topic: 'Trust & safety team' }));
  for (const a of [agent1, agent2]) await ctx.write((uow) => addMember(uow, lead, team.id, a.id));
  const first = person(1);
  await ctx.write((uow) => createMessage(uow, deps, agent2, { channelId: team.id, text: `Has anyone seen ${first.email.toUpperCase()} before? Number is (201) 555-${first.phone.slice(-4)}.` }));
  await ctx.write((uow) => createMessage(uow, deps, lead, { channelId: team.id, text: 'Please keep account details in the case rooms; the chips above are protected.' }));
  return { logins, cases: caseIds.length };
}
