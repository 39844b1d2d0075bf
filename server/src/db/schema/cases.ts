/** Tables owned by the cases domain (`services/cases`, migration 010). */

/** `integrations`: a platform allowed to post reports (`enabled` 1/0). */
export interface IntegrationsTable {
  id: string;
  name: string;
  enabled: number;
  created_by: string;
  created_at: string;
}

/** `integration_secrets`: signing secrets, wrapped by the master key; `expires_at` set when rotated out. */
export interface IntegrationSecretsTable {
  id: string;
  integration_id: string;
  wrapped: Buffer;
  kek_id: string;
  created_at: string;
  expires_at: string | null;
}

/** `queues`: work queues with their SLA (minutes from intake to resolution). */
export interface QueuesTable {
  id: string;
  name: string;
  sla_minutes: number;
  created_at: string;
}

/** `queue_members`: agents who take cases from a queue. */
export interface QueueMembersTable {
  queue_id: string;
  user_id: string;
}

/** `routing_rules`: category → queue, and the category's retention after close (days). */
export interface RoutingRulesTable {
  category: string;
  queue_id: string;
  retention_days: number;
  updated_by: string;
  updated_at: string;
}

/** `subjects`: a data subject; `account_key` is the blind index of its account id (no plaintext). */
export interface SubjectsTable {
  id: string;
  integration_id: string;
  account_key: string;
  created_at: string;
  updated_at: string;
  erased_at: string | null;
  legal_hold_at: string | null;
}

/** `subject_fields`: one vault token per field value (`position` orders list fields). */
export interface SubjectFieldsTable {
  subject_id: string;
  field: string;
  position: number;
  entity_type: string;
  token: string;
  /** The masked form shown on subject cards (e.g. `j▪▪▪@example.com`). */
  masked: string;
  /** 1 when the value failed validation (kept, flagged). */
  invalid: number;
}

/** `subject_lookup`: blind indexes (keyed HMAC) of account id, username, e-mail, phone. */
export interface SubjectLookupTable {
  hash: string;
  subject_id: string;
  kind: string;
}

/** `cases`: one per report; `text` is the guarded complaint text (placeholders), `entities` JSON. */
export interface CasesTable {
  id: string;
  number: number;
  integration_id: string;
  report_id: string;
  category: string;
  status: string;
  priority: string;
  queue_id: string | null;
  room_channel_id: string | null;
  text: string;
  entities: string;
  /** JSON array of `{ id, sha256? }`. */
  media: string;
  submitted_at: string;
  due_at: string | null;
  merged_into: string | null;
  closed_at: string | null;
  legal_hold_at: string | null;
  created_at: string;
  updated_at: string;
  /** When retention destroyed the case's personal data (migration 012). */
  purged_at: string | null;
}

/** `case_subjects`: who a case is about, with their role in the report. */
export interface CaseSubjectsTable {
  case_id: string;
  subject_id: string;
  role: string;
}

/** `case_assignees`: assignees (`kind = 'assignee'`) and invited watchers (`'watcher'`). */
export interface CaseAssigneesTable {
  case_id: string;
  user_id: string;
  kind: string;
  created_at: string;
}

/** `case_events`: the case timeline; `text` guarded (placeholders), `entities` JSON, `data` JSON. */
export interface CaseEventsTable {
  id: string;
  case_id: string;
  /** `note` | `decision` | `status` | `merge`. */
  kind: string;
  actor: string;
  text: string;
  entities: string;
  data: string;
  created_at: string;
}

export interface CasesTables {
  case_events: CaseEventsTable;
  integrations: IntegrationsTable;
  integration_secrets: IntegrationSecretsTable;
  queues: QueuesTable;
  queue_members: QueueMembersTable;
  routing_rules: RoutingRulesTable;
  subjects: SubjectsTable;
  subject_fields: SubjectFieldsTable;
  subject_lookup: SubjectLookupTable;
  cases: CasesTable;
  case_subjects: CaseSubjectsTable;
  case_assignees: CaseAssigneesTable;
}
