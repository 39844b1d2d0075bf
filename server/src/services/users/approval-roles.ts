/** Roles that reach raw personal data and are granted only with a second approver (issue 7, item 5). */
export const APPROVAL_ROLES: readonly string[] = ['privacy_officer'];

/** Whether granting `role` needs a second approver (see `role-requests.ts`). */
export const needsApproval = (role: string): boolean => APPROVAL_ROLES.includes(role);

/** The role an account holds while its request for an approval role is pending. */
export const PENDING_ROLE_DEFAULT = 'agent';
