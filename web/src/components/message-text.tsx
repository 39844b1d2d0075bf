/**
 * A message's stored text as React nodes: plain text, safe links (`http`/`https` only, new tab,
 * `rel="noopener noreferrer"`), entity chips from `entities`, and case pills for `case #1234`
 * mentions the server resolved for this reader (`caseMentions`). Never uses HTML injection.
 */
import type { MessageEntity } from '../api/types.ts';
import { splitCaseMentions, type CaseMention } from '../lib/case-mentions.ts';
import { segmentMessage } from '../lib/segments.ts';
import { CasePill } from './case-pill.tsx';
import { EntityChip } from './entity-chip.tsx';

/** Props of {@link MessageText}. */
export interface MessageTextProps {
  text: string;
  entities: MessageEntity[];
  /** Chips offer reveal (default true); false draws them inert. */
  canReveal?: boolean;
  /** Cases this text mentions, as resolved by the server; a mention not listed stays text. */
  caseMentions?: readonly CaseMention[];
}

/** Plain text with the known case mentions drawn as pills. */
function TextWithCases({ text, cases }: { text: string; cases: readonly CaseMention[] | undefined }) {
  if (!cases || cases.length === 0) return <span>{text}</span>;
  return (
    <span>
      {splitCaseMentions(text).map((p, i) => {
        const found = p.kind === 'case' ? cases.find((c) => c.number === p.number) : undefined;
        return found ? <CasePill key={i} mention={found} /> : p.text;
      })}
    </span>
  );
}

/** Renders message text safely. */
export function MessageText({ text, entities, canReveal = true, caseMentions }: MessageTextProps) {
  const segs = segmentMessage(text, entities);
  return (
    <span className="msg-text">
      {segs.map((s, i) => {
        if (s.kind === 'text') return <TextWithCases key={i} text={s.text} cases={caseMentions} />;
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
