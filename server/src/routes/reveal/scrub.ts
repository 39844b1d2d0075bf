/** Justifications and review notes are stored in the audit log: personal data typed into them becomes placeholders. */
import type { AppContext } from '../../context.ts';
import { placeholderFor } from '../../services/privacy/index.ts';

/** Replaces personal data typed into a justification with placeholders (it is stored in the audit log). */
export function scrubJustification(ctx: AppContext, text: string): string {
  const found = ctx.privacy.analyze(text);
  let out = '';
  let at = 0;
  for (const f of found) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + placeholderFor(f.entityType);
    at = f.end;
  }
  return out + text.slice(at);
}
