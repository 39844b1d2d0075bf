/**
 * A message's stored text as React nodes: the Markdown subset of {@link parseMessage} (bold,
 * italic, strike, code, code blocks, quotes, lists, links), entity chips from `entities` (also
 * inside formatting), links only to `http`/`https`/`mailto` (new tab, `rel="noopener noreferrer"`).
 * Never uses HTML injection: every node is a React element or a text node.
 */
import { Fragment, useMemo, type ReactNode } from 'react';
import type { MessageEntity } from '../api/types.ts';
import { parseMessage, type MdNode } from '../lib/markdown.ts';
import { EntityChip } from './entity-chip.tsx';

/** Props of {@link MessageText}. */
export interface MessageTextProps {
  text: string;
  entities: MessageEntity[];
  /** Chips offer reveal (default true); false draws them inert. */
  canReveal?: boolean;
}

function render(nodes: readonly MdNode[], canReveal: boolean, key = ''): ReactNode[] {
  return nodes.map((n, i) => {
    const k = `${key}${i}`;
    switch (n.kind) {
      case 'text':
        return <Fragment key={k}>{n.text}</Fragment>;
      case 'break':
        return <br key={k} />;
      case 'chip':
        return <EntityChip key={`${k}-${n.entity.token}`} entity={n.entity} canReveal={canReveal} />;
      case 'el': {
        const children = render(n.children, canReveal, `${k}.`);
        if (n.tag === 'a')
          return (
            <a key={k} href={n.href} target="_blank" rel="noopener noreferrer">
              {children}
            </a>
          );
        if (n.tag === 'ol')
          return (
            <ol key={k} start={n.start}>
              {children}
            </ol>
          );
        const Tag = n.tag;
        return <Tag key={k}>{children}</Tag>;
      }
    }
  });
}

/** Renders message text safely. */
export function MessageText({ text, entities, canReveal = true }: MessageTextProps) {
  const nodes = useMemo(() => parseMessage(text, entities), [text, entities]);
  return <div className="msg-text md">{render(nodes, canReveal)}</div>;
}
