/**
 * Numbered migrations, applied in order at start (Kysely `Migrator`).
 * Each file exports `up(db)` and `down(db)` written with dialect-neutral Kysely schema builders; they
 * run on SQLite and PostgreSQL alike, branching on the dialect only through `../dialect.ts` (and the
 * search index, `services/chat/search.ts`).
 */
import type { Migration } from 'kysely';
import * as m001 from './001-foundation.ts';
import * as m002 from './002-audit.ts';
import * as m003 from './003-vault.ts';
import * as m004 from './004-chat-unread-index.ts';
import * as m005 from './005-data-migrations.ts';
import * as m006 from './006-mark-approval.ts';
import * as m007 from './007-need-to-know.ts';
import * as m008 from './008-must-change-password.ts';
import * as m010 from './010-cases.ts';
import * as m011 from './011-case-events.ts';
import * as m012 from './012-case-retention.ts';
import * as m013 from './013-shared-known-values.ts';
import * as m015 from './015-event-retention.ts';
import * as m016 from './016-media.ts';
import * as m017 from './017-media-quarantine.ts';
import * as m018 from './018-hash-lists.ts';
import * as m019 from './019-reactions.ts';
import * as m021 from './021-imports-webhooks.ts';
import * as m022 from './022-notifications.ts';
import * as m023 from './023-channel-pins-saved.ts';
import * as m024 from './024-profiles.ts';
import * as m025 from './025-media-blur-reasons.ts';
import * as m026 from './026-sealed-import-tokens.ts';
import * as m027 from './027-privacy-generation.ts';
import * as m031 from './031-subjects-updated-index.ts';

/** Migrations by name; names sort in application order. */
export const MIGRATIONS: Record<string, Migration> = {
  '001-foundation': m001,
  '002-audit': m002,
  '003-vault': m003,
  '004-chat-unread-index': m004,
  '005-data-migrations': m005,
  '006-mark-approval': m006,
  '007-need-to-know': m007,
  '008-must-change-password': m008,
  '010-cases': m010,
  '011-case-events': m011,
  '012-case-retention': m012,
  '013-shared-known-values': m013,
  '015-event-retention': m015,
  '016-media': m016,
  '017-media-quarantine': m017,
  '018-hash-lists': m018,
  '019-reactions': m019,
  '021-imports-webhooks': m021,
  '022-notifications': m022,
  '023-channel-pins-saved': m023,
  '024-profiles': m024,
  '025-media-blur-reasons': m025,
  '026-sealed-import-tokens': m026,
  '027-privacy-generation': m027,
  '031-subjects-updated-index': m031,
};
