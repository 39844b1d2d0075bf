/** Tables owned by the audit domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditTables {}
