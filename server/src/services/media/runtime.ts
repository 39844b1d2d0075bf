/**
 * The media runtime, built once with the app context: object store under the data folder, OCR,
 * face detector, matcher and PDQ hasher (injected; defaults: tesseract.js, Human, no lists, no PDQ), upload limiter and
 * the in-process job runner.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema/index.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { RateLimiter } from '../auth/rate-limiter.ts';
import type { MessageGuard } from '../chat/guard.ts';
import type { ChannelClassOf } from '../privacy/policy.ts';
import type { KeyRing } from '../vault/index.ts';
import { loadMediaSettings, type MediaDeps, type MediaSettings } from './deps.ts';
import { noMatches, type MediaMatcher, type PdqHasher } from './matcher.ts';
import { sharedFaceDetector, type FaceDetector } from './faces.ts';
import { FsObjectStore, type ObjectStore } from './object-store.ts';
import { TesseractOcr, type Ocr } from './ocr.ts';
import { JobRunner } from './queue.ts';
import { sweepDeletedFiles } from './sweep.ts';
import { giveUpFile, processFile } from './uploads.ts';

/** What tests and the wiring of other parts may replace. */
export interface MediaOverrides {
  matcher?: MediaMatcher;
  hasher?: PdqHasher | null;
  /** null disables OCR. */
  ocr?: Ocr | null;
  /** null disables face detection; default: the process-wide Human detector unless `settings.faces` is false. */
  faces?: FaceDetector | null;
  store?: ObjectStore;
  settings?: Partial<MediaSettings>;
  /** false: jobs are not run automatically (tests drive `runner` themselves). Default true. */
  autoStart?: boolean;
}

/** See the module comment. */
export interface MediaRuntime {
  deps: MediaDeps;
  runner: JobRunner;
  uploadLimiter: RateLimiter;
  close(): Promise<void>;
}

/** Builds the runtime; `dataDir` holds `media/objects` (encrypted objects) and `media/ocr-cache`. */
export function buildMediaRuntime(args: {
  dataDir: string;
  db: Kysely<Database>;
  write<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  guard: MessageGuard;
  channelClassOf: ChannelClassOf;
  keys: KeyRing;
  logger: Logger;
  overrides?: MediaOverrides;
}): MediaRuntime {
  const o = args.overrides ?? {};
  const settings: MediaSettings = { ...loadMediaSettings(), ...o.settings };
  const ocr = o.ocr === undefined ? new TesseractOcr(join(args.dataDir, 'media', 'ocr-cache')) : o.ocr;
  const deps: MediaDeps = {
    db: args.db,
    write: args.write,
    guard: args.guard,
    channelClassOf: args.channelClassOf,
    keys: args.keys,
    store: o.store ?? new FsObjectStore(join(args.dataDir, 'media', 'objects')),
    ocr,
    faces: o.faces !== undefined ? o.faces : settings.faces ? sharedFaceDetector() : null,
    matcher: o.matcher ?? noMatches,
    hasher: o.hasher ?? null,
    settings,
    logger: args.logger,
  };
  const runner = new JobRunner({
    db: args.db,
    logger: args.logger,
    run: (id) => processFile(deps, id),
    giveUp: (id) => giveUpFile(deps, id),
    maxAttempts: settings.maxAttempts,
    retryBaseMs: settings.retryBaseMs,
  });
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  if (o.autoStart !== false) {
    runner.start();
    sweeper = setInterval(() => {
      sweeping = sweepDeletedFiles(deps).catch((err: unknown) => args.logger.warn({ err }, 'media sweep failed'));
    }, 30_000);
    sweeper.unref();
  }
  return {
    deps,
    runner,
    uploadLimiter: new RateLimiter(settings.uploadsPerWindow, settings.uploadWindowMs),
    close: async () => {
      if (sweeper) clearInterval(sweeper);
      await sweeping;
      await runner.stop();
      await ocr?.close();
      await deps.faces?.close();
    },
  };
}
