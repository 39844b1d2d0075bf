/**
 * Editing a message with chips: which placeholders of the new text are ones the server issued for
 * this message (and so keep their token), and which are typed look-alikes (plain text, never a
 * token). Pure functions; `editMessage` passes the result to the guard as `keep`.
 */
import { AppError } from '../../errors.ts';
import type { MessageEntity } from './guard.ts';

/** A chip the client says it kept: its token and its span in the new text (UTF-16, end-exclusive). */
export interface KeptChip {
  token: string;
  start: number;
  end: number;
}

/**
 * Maps the placeholders of `newText` back to the entities of the current message by placeholder
 * text and order: each current entity (in text order) takes the next occurrence of its own
 * placeholder text (`[EMAIL_ADDRESS]`) after the previous match; an entity whose placeholder is no
 * longer found is dropped (the chip was deleted). Placeholders beyond the issued ones stay text.
 */
export function keptByOrder(current: { text: string; entities: readonly MessageEntity[] }, newText: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  let from = 0;
  for (const e of [...current.entities].sort((a, b) => a.start - b.start)) {
    const placeholder = current.text.slice(e.start, e.end);
    if (placeholder === '') continue;
    const at = newText.indexOf(placeholder, from);
    if (at < 0) continue;
    out.push({ entityType: e.entityType, token: e.token, start: at, end: at + placeholder.length });
    from = at + placeholder.length;
  }
  return out;
}

/**
 * Checks the chips a client says it kept: each token must be an entity of the current message, used
 * once, and `newText` must hold exactly that entity's placeholder at the given span; spans must not
 * overlap. Returns them as entities sorted by start. Throws `AppError(400, 'invalid_entities')`
 * (naming the index, never a value) otherwise.
 */
export function keptByClient(current: { text: string; entities: readonly MessageEntity[] }, newText: string, chips: readonly KeptChip[]): MessageEntity[] {
  const byToken = new Map(current.entities.map((e) => [e.token, e]));
  const used = new Set<string>();
  const out: MessageEntity[] = [];
  chips.forEach((c, i) => {
    const e = byToken.get(c.token);
    const bad = (why: string): never => {
      throw new AppError(400, 'invalid_entities', `entities[${i}]: ${why}`);
    };
    if (!e) bad('not a token of this message');
    const issued = e as MessageEntity;
    if (used.has(c.token)) bad('token listed twice');
    if (c.end <= c.start || c.end > newText.length) bad('span outside the text');
    if (newText.slice(c.start, c.end) !== current.text.slice(issued.start, issued.end)) bad('the text at this span is not the placeholder of that token');
    used.add(c.token);
    out.push({ entityType: issued.entityType, token: issued.token, start: c.start, end: c.end });
  });
  out.sort((a, b) => a.start - b.start);
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as MessageEntity).start < (out[i - 1] as MessageEntity).end) throw new AppError(400, 'invalid_entities', 'entities overlap');
  }
  return out;
}
