/**
 * Text in images: tesseract.js with the English model of `@tesseract.js-data/eng`, read from that
 * package's folder (never a CDN). One worker, created on first use and reused; calls are serialised.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, type Worker } from 'tesseract.js';

/** Reads the text of an image. */
export interface Ocr {
  /** The recognised text of a PNG/JPEG (may be empty). */
  recognize(image: Buffer): Promise<string>;
  /** Ends the worker (if any). */
  close(): Promise<void>;
}

/** The folder holding `eng.traineddata.gz` inside the installed `@tesseract.js-data/eng`. */
export function englishModelDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0');
}

/** {@link Ocr} over one tesseract.js worker; `cacheDir` receives the unpacked model. */
export class TesseractOcr implements Ocr {
  #worker: Promise<Worker> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly cacheDir: string) {}

  #get(): Promise<Worker> {
    if (!this.#worker) {
      mkdirSync(this.cacheDir, { recursive: true, mode: 0o700 });
      this.#worker = createWorker('eng', 1, { langPath: englishModelDir(), cachePath: this.cacheDir, gzip: true, cacheMethod: 'write' }).then(async (w) => {
        await w.setParameters({ user_defined_dpi: '300' });
        return w;
      });
      this.#worker.catch(() => (this.#worker = undefined));
    }
    return this.#worker;
  }

  recognize(image: Buffer): Promise<string> {
    const run = this.#queue.then(async () => {
      const w = await this.#get();
      const r = await w.recognize(image);
      return r.data.text;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (!w) return;
    await this.#queue;
    await (await w).terminate();
  }
}
