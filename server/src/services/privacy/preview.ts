/**
 * The composer preview (`POST /api/v1/analyze`): what the guard would do with a draft, per
 * finding, with positions only (never the values). Same analyzer, mention exemption, channel
 * class, policy table and "not personal data" marks as the guard.
 */
import type { Kysely } from 'kysely';
import type { Explanation, Finding } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import { activeMarkHashes, loadPolicies, type PolicyAction } from './index.ts';
import type { PrivacyRuntime } from './runtime.ts';
import { markMayApply } from './marks.ts';

/** One previewed finding: UTF-16 offsets into the draft, end-exclusive. */
export interface PreviewFinding {
  entityType: string;
  start: number;
  end: number;
  action: PolicyAction;
  score: number;
  recognizer: string;
  /** Human-readable reason (pattern, validator, context word, mark); never the value. */
  explanation: string;
}

/** Renders an analyzer {@link Explanation} as one line. */
export function explain(e: Explanation | undefined, recognizer: string): string {
  if (!e) return `found by ${recognizer}`;
  const parts = [`found by ${recognizer}${e.pattern ? ` (${e.pattern})` : ''}`];
  if (e.validator) parts.push(`checksum ${e.validator} valid`);
  if (e.contextWord) parts.push(`context word "${e.contextWord}" (+${e.contextBoost.toFixed(2)})`);
  for (const n of e.notes) parts.push(n);
  return parts.join('; ');
}

/** Previews `text` for `channelId` (membership is the caller's check). */
export async function previewFindings(db: Kysely<Database>, rt: Pick<PrivacyRuntime, 'analyzeExempt' | 'channelClassOf' | 'vault'>, channelId: string, text: string): Promise<PreviewFinding[]> {
  const found: Finding[] = await rt.analyzeExempt(db, text, { explain: true });
  if (found.length === 0) return [];
  const cls = await rt.channelClassOf(db, channelId);
  const policy = await loadPolicies(db);
  const marks = await activeMarkHashes(db, channelId);
  const out: PreviewFinding[] = [];
  for (const f of found) {
    let action: PolicyAction = policy(cls, f.entityType);
    let explanation = explain(f.explanation, f.recognizer);
    if (marks.size > 0 && f.entityType !== 'KNOWN_SUBJECT' && markMayApply(f.entityType, cls) && marks.has(await rt.vault.markHash(db, `channel:${channelId}`, text.slice(f.start, f.end)))) {
      action = 'allow';
      explanation += '; marked as not personal data in this channel';
    }
    out.push({ entityType: f.entityType, start: f.start, end: f.end, action, score: f.score, recognizer: f.recognizer, explanation });
  }
  return out;
}
