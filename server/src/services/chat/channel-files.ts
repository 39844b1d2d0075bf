/** Files shared in a channel, for its details pane (issue 12): newest first, from messages not deleted. */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { UsersTable } from '../../db/schema/chat.ts';
import { channelFor } from '../../policies/index.ts';
import type { FileJson } from '../../presenters/message.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/** Most files listed. */
export const MAX_LISTED_FILES = 100;

/** A file with the message it came with. */
export interface ChannelFileJson {
  file: FileJson;
  messageId: string;
  authorId: string;
  /** ISO-8601 time of the message. */
  createdAt: string;
}

/**
 * Files of a channel the caller belongs to (404 otherwise), newest first, at most
 * {@link MAX_LISTED_FILES}; quarantined and blocked files are left out.
 */
export async function listChannelFiles(db: Kysely<Database>, caller: Caller, channelId: string): Promise<ChannelFileJson[]> {
  await channelFor(db, caller, channelId, 'read');
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'author_id', 'created_at', 'files'])
    .where('channel_id', '=', channelId)
    .where('files', 'is not', null)
    .where('deleted_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(MAX_LISTED_FILES)
    .execute();
  const out: ChannelFileJson[] = [];
  for (const r of rows) {
    const files = JSON.parse(r.files ?? '[]') as FileJson[];
    for (const file of files) {
      if (file.status === 'quarantined' || file.status === 'blocked') continue;
      if (out.length < MAX_LISTED_FILES) out.push({ file, messageId: r.id, authorId: r.author_id, createdAt: r.created_at });
    }
  }
  return out;
}
