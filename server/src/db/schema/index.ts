/**
 * The Kysely `Database` type: every table, one file per domain's tables in this folder.
 */
import type { ChatTables } from './chat.ts';
import type { AuditTables } from './audit.ts';
import type { VaultTables } from './vault.ts';
import type { AccessTables } from './access.ts';
import type { CasesTables } from './cases.ts';
import type { HashListTables } from './hashlists.ts';
import type { ImportTables } from './imports.ts';
import type { MediaTables } from './media.ts';
import type { ReactionTables } from './reactions.ts';
import type { ProfileTables } from './profiles.ts';

export interface Database
  extends ChatTables, AuditTables, VaultTables, AccessTables, CasesTables, HashListTables, ImportTables, MediaTables, ReactionTables, ProfileTables {}
import type { ChannelExtraTables } from './channel-extras.ts';

export interface Database
  extends ChatTables, AuditTables, VaultTables, AccessTables, CasesTables, HashListTables, ImportTables, MediaTables, ReactionTables, ChannelExtraTables {}
import type { NotificationTables } from './notifications.ts';

export interface Database
  extends ChatTables, AuditTables, VaultTables, AccessTables, CasesTables, HashListTables, ImportTables, MediaTables, ReactionTables, NotificationTables {}
