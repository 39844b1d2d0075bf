/**
 * Roles × actions of the cases and privacy domain, as data (issue 8, "Roles as a matrix"). The
 * routes ask {@link permission}; the matrix test walks every cell through the HTTP API.
 *
 * Grants: `yes` (the role alone), `no`, `assigned` (only on a case the user is assigned to or
 * watches), `queue` (cases of a queue the user belongs to, or assigned ones), `flagged` (allowed
 * with the user's own justification and flagged for review). No role alone (`yes`) ever grants a
 * raw value: `subject.reveal` is at most `assigned` or `flagged`.
 */

export const ROLES = ['admin', 'lead', 'agent', 'specialist', 'privacy_officer', 'integration'] as const;
export type Role = (typeof ROLES)[number];

export type Grant = 'yes' | 'no' | 'assigned' | 'queue' | 'flagged';

export const ACTIONS = [
  'intake.send',
  'integration.manage',
  'case.list',
  'case.view',
  'case.assign',
  'case.take',
  'case.update',
  'routing.edit',
  'subject.reveal',
  'subject.access_report',
  'subject.erase',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The matrix. Rows: actions; columns: roles. */
export const PERMISSIONS: Record<Action, Record<Role, Grant>> = {
  'intake.send': { admin: 'no', lead: 'no', agent: 'no', specialist: 'no', privacy_officer: 'no', integration: 'yes' },
  'integration.manage': { admin: 'yes', lead: 'no', agent: 'no', specialist: 'no', privacy_officer: 'no', integration: 'no' },
  'case.list': { admin: 'no', lead: 'yes', agent: 'queue', specialist: 'no', privacy_officer: 'yes', integration: 'no' },
  'case.view': { admin: 'no', lead: 'yes', agent: 'queue', specialist: 'no', privacy_officer: 'yes', integration: 'no' },
  'case.assign': { admin: 'yes', lead: 'yes', agent: 'no', specialist: 'no', privacy_officer: 'no', integration: 'no' },
  'case.take': { admin: 'no', lead: 'yes', agent: 'queue', specialist: 'no', privacy_officer: 'no', integration: 'no' },
  'case.update': { admin: 'no', lead: 'yes', agent: 'assigned', specialist: 'no', privacy_officer: 'no', integration: 'no' },
  'routing.edit': { admin: 'yes', lead: 'yes', agent: 'no', specialist: 'no', privacy_officer: 'no', integration: 'no' },
  'subject.reveal': { admin: 'no', lead: 'assigned', agent: 'assigned', specialist: 'no', privacy_officer: 'flagged', integration: 'no' },
  'subject.access_report': { admin: 'no', lead: 'no', agent: 'no', specialist: 'no', privacy_officer: 'yes', integration: 'no' },
  'subject.erase': { admin: 'no', lead: 'no', agent: 'no', specialist: 'no', privacy_officer: 'yes', integration: 'no' },
};

/** The grant of `role` for `action` (`no` for unknown roles). */
export function permission(role: string, action: Action): Grant {
  return (PERMISSIONS[action] as Record<string, Grant | undefined>)[role] ?? 'no';
}
