/**
 * A message's stored text as React nodes: plain text, safe links (`http`/`https` only, new tab,
 * `rel="noopener noreferrer"`) and entity chips from `entities`. Never uses HTML injection.
 */
import type { MessageEntity } from '../api/types.ts';
import { segmentMessage } from '../lib/segments.ts';
import { EntityChip } from './entity-chip.tsx';

/** Props of {@link MessageText}. */
export interface MessageTextProps {
  text: string;
  entities: MessageEntity[];
  /** Chips offer reveal (default true); false draws them inert. */
  canReveal?: boolean;
}

/** Renders message text safely. */
export function MessageText({ text, entities, canReveal = true }: MessageTextProps) {
  const segs = segmentMessage(text, entities);
  return (
    <span className="msg-text">
      {segs.map((s, i) => {
        if (s.kind === 'text') return <span key={i}>{s.text}</span>;
        if (s.kind === 'link')
          return (
            <a key={i} href={s.href} target="_blank" rel="noopener noreferrer">
              {s.text}
            </a>
          );
        return <EntityChip key={`${i}-${s.entity.token}`} entity={s.entity} canReveal={canReveal} />;
      })}
    </span>
  );
}
