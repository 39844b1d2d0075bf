/**
 * Composer preview hook: asks `POST /api/v1/analyze` what sending the current text to a channel
 * would do, {@link PREVIEW_DELAY_MS} after the last keystroke; a newer text aborts the older
 * request; empty text makes no call. Nothing is stored (the text lives in the composer's state).
 */
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';
import type { AnalyzeFinding } from '../api/privacy-types.ts';
import { protectApi } from '../api/privacy-endpoints.ts';

/** Debounce before a preview call, ms. */
export const PREVIEW_DELAY_MS = 300;

/** The latest preview. */
export interface PrivacyPreview {
  findings: AnalyzeFinding[];
  /** The exact text the findings' offsets refer to (may lag behind the composer while typing). */
  forText: string;
  /** A short note when the preview is unavailable (rate limit, network), else null. */
  note: string | null;
}

const EMPTY: PrivacyPreview = { findings: [], forText: '', note: null };

/**
 * Live preview of `text` for `channelId` (no calls without a channel or for blank text).
 * `nonce` re-runs the analysis for the same text (e.g. after a "not personal data" mark).
 */
export function usePrivacyPreview(channelId: string | undefined, text: string, nonce = 0): PrivacyPreview {
  const [preview, setPreview] = useState<PrivacyPreview>(EMPTY);
  useEffect(() => {
    if (!channelId || text.trim() === '') {
      setPreview(EMPTY);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      protectApi.analyze(channelId, text, ctrl.signal).then(
        (r) => !ctrl.signal.aborted && setPreview({ findings: r.findings, forText: text, note: null }),
        (err: unknown) => {
          if (ctrl.signal.aborted) return;
          const note =
            err instanceof ApiError && err.status === 429
              ? 'Live check paused (too many checks); the server still protects what you send.'
              : 'Live check unavailable; the server still protects what you send.';
          setPreview((p) => ({ ...p, note }));
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [channelId, text, nonce]);
  return preview;
}
