/**
 * A case mentioned in a message (`case #1234`) → what a reader of that message sees: its number,
 * category and state, and its id only when the reader may open the case. Never a subject, a
 * field, an assignee or the complaint text.
 */

/** The API shape of a case mention. */
export interface CaseMentionJson {
  number: number;
  category: string;
  status: string;
  /** Present only when the reader may view the case (the client then links to it). */
  caseId?: string;
}

/** Presents one mentioned case; `mayOpen` decides whether its id is included. */
export function presentCaseMention(row: { id: string; number: number; category: string; status: string }, mayOpen: boolean): CaseMentionJson {
  return { number: row.number, category: row.category, status: row.status, ...(mayOpen ? { caseId: row.id } : {}) };
}
