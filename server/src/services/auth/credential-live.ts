/**
 * Is a credential (a session or an API token, by id) still usable right now? Used when a
 * WebSocket stream registers, after its HTTP authentication: a revocation, sign-out or
 * deactivation committed in between would otherwise leave a socket open that its
 * `sessions_ended` event (dispatched before the socket existed) never reached.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { param, prepareQuery } from '../../db/prepared.ts';
import { activeUserQuery } from './api-tokens.ts';

type Args = { id: string; userId: string; now: string };
const liveSession = prepareQuery<Args, { id: string }>((db) =>
  db.selectFrom('sessions').select('id').where('id', '=', param('id')).where('user_id', '=', param('userId')).where('revoked_at', 'is', null).where('expires_at', '>', param('now')),
);
const liveToken = prepareQuery<Args, { id: string }>((db) =>
  db.selectFrom('api_tokens').select('id').where('id', '=', param('id')).where('user_id', '=', param('userId')).where('revoked_at', 'is', null).where('expires_at', '>', param('now')),
);

/** True when user `userId` is active and `credentialId` is one of their live sessions or API tokens. */
export async function credentialLive(db: Kysely<Database>, userId: string, credentialId: string): Promise<boolean> {
  if (!(await activeUserQuery.takeFirst(db, { id: userId }))) return false;
  const args = { id: credentialId, userId, now: new Date().toISOString() };
  return (await liveSession.takeFirst(db, args)) !== undefined || (await liveToken.takeFirst(db, args)) !== undefined;
}
