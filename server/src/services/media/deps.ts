/** What the media services need, passed in (never read from the app context). */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema/index.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import type { MessageGuard } from '../chat/guard.ts';
import type { ChannelClassOf } from '../privacy/policy.ts';
import type { KeyRing } from '../vault/index.ts';
import type { FaceDetector } from './faces.ts';
import type { MediaMatcher, PdqHasher } from './matcher.ts';
import type { ObjectStore } from './object-store.ts';
import type { Ocr } from './ocr.ts';

/** Limits of the media domain; sizes in bytes, times in ms. */
export interface MediaSettings {
  /** Largest upload (env `ENCLAVE_UPLOAD_MAX_MB`, default 25 MB). */
  maxBytes: number;
  /** Largest image, width × height (env `ENCLAVE_MEDIA_MAX_PIXELS`, default 100,000,000). */
  maxPixels: number;
  /** Uploads per user per window (env `ENCLAVE_UPLOAD_RATE`, default 10 per 60 s). */
  uploadsPerWindow: number;
  uploadWindowMs: number;
  /** Attempts of a processing job before the file is given up (`blocked`, `processing_failed`). */
  maxAttempts: number;
  /** First retry delay; doubles per attempt, capped at 60 s. */
  retryBaseMs: number;
  /** How long a specialist's unblur lasts. */
  unblurMs: number;
  /** Face detection and blurring (env `ENCLAVE_FACES`: `on`, the default, or `off`). */
  faces: boolean;
}

/** Reads {@link MediaSettings} from the environment; throws `RangeError` on a bad number or switch. */
export function loadMediaSettings(env: NodeJS.ProcessEnv = process.env): MediaSettings {
  const num = (name: string, dflt: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} must be a positive number`);
    return n;
  };
  const faces = (env.ENCLAVE_FACES ?? 'on').trim().toLowerCase();
  if (!['on', 'off', ''].includes(faces)) throw new RangeError('ENCLAVE_FACES must be "on" or "off"');
  return {
    faces: faces !== 'off',
    maxBytes: Math.round(num('ENCLAVE_UPLOAD_MAX_MB', 25) * 1024 * 1024),
    maxPixels: Math.round(num('ENCLAVE_MEDIA_MAX_PIXELS', 100_000_000)),
    uploadsPerWindow: Math.round(num('ENCLAVE_UPLOAD_RATE', 10)),
    uploadWindowMs: 60_000,
    maxAttempts: 5,
    retryBaseMs: 1000,
    unblurMs: 60_000,
  };
}

/** Dependencies of the media services. */
export interface MediaDeps {
  db: Kysely<Database>;
  write<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  guard: MessageGuard;
  channelClassOf: ChannelClassOf;
  keys: KeyRing;
  store: ObjectStore;
  /** null: no OCR (the text step is skipped). */
  ocr: Ocr | null;
  /** null: no face detection (`ENCLAVE_FACES=off`; the faces step is skipped). */
  faces: FaceDetector | null;
  matcher: MediaMatcher;
  /** null: no PDQ hash (matching uses SHA-256 and MD5 only). */
  hasher: PdqHasher | null;
  settings: MediaSettings;
  logger: Logger;
}
