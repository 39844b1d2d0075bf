/** Tables owned by the chat domain. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ChatTables {}
