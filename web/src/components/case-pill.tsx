/**
 * A case mentioned in a message, drawn as a small pill: number · category · state. A link to the
 * case for readers who may open it (the server sent its id), plain text otherwise.
 */
import { linkClick } from '../router.ts';
import { casePillLabel, type CaseMention } from '../lib/case-mentions.ts';

/** Renders one case pill. */
export function CasePill({ mention }: { mention: CaseMention }) {
  const label = casePillLabel(mention);
  if (!mention.caseId) {
    return (
      <span className="case-pill" title={`Case #${mention.number}`}>
        {label}
      </span>
    );
  }
  const href = `/cases/${encodeURIComponent(mention.caseId)}`;
  return (
    <a className="case-pill" href={href} onClick={linkClick(href)} title={`Open case #${mention.number}`}>
      {label}
    </a>
  );
}
