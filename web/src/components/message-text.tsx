/**
 * A message's stored text as React nodes: the Markdown subset of {@link parseMessage} (bold,
 * italic, strike, code, code blocks, quotes, lists, links), entity chips from `entities` (also
 * inside formatting), links only to `http`/`https`/`mailto` (new tab, `rel="noopener noreferrer"`),
 * and case pills for `case #1234` mentions the server resolved for this reader (`caseMentions`).
 * Never uses HTML injection: every node is a React element or a text node.
 */
import { Fragment, useMemo, type ReactNode } from 'react';
import type { MessageEntity } from '../api/types.ts';
import { splitCaseMentions, type CaseMention } from '../lib/case-mentions.ts';
import { parseMessage, type MdNode } from '../lib/markdown.ts';
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

/** Plain text with the known case mentions drawn as pills (text nodes only: never inside code). */
function textWithCases(text: string, cases: readonly CaseMention[] | undefined, k: string): ReactNode {
  if (!cases || cases.length === 0) return <Fragment key={k}>{text}</Fragment>;
  return (
    <Fragment key={k}>
      {splitCaseMentions(text).map((p, i) => {
        const found = p.kind === 'case' ? cases.find((c) => c.number === p.number) : undefined;
        return found ? <CasePill key={i} mention={found} /> : <Fragment key={i}>{p.text}</Fragment>;
      })}
    </Fragment>
  );
}

function render(nodes: readonly MdNode[], canReveal: boolean, cases: readonly CaseMention[] | undefined, key = '', inCode = false): ReactNode[] {
  return nodes.map((n, i) => {
    const k = `${key}${i}`;
    switch (n.kind) {
      case 'text':
        return inCode ? <Fragment key={k}>{n.text}</Fragment> : textWithCases(n.text, cases, k);
      case 'break':
        return <br key={k} />;
      case 'chip':
        return <EntityChip key={`${k}-${n.entity.token}`} entity={n.entity} canReveal={canReveal} />;
      case 'el': {
        const children = render(n.children, canReveal, cases, `${k}.`, inCode || n.tag === 'code' || n.tag === 'pre');
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
export function MessageText({ text, entities, canReveal = true, caseMentions }: MessageTextProps) {
  const nodes = useMemo(() => parseMessage(text, entities), [text, entities]);
  return <div className="msg-text md">{render(nodes, canReveal, caseMentions)}</div>;
}
