/** Tables owned by the vault domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VaultTables {}
