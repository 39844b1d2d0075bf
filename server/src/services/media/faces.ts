/**
 * Faces in images: `@vladmandic/human` (BlazeFace detector only) on the tfjs WebAssembly backend.
 * The model is read from the package's own `models/` folder through a custom tfjs IO handler and
 * the WASM binaries from `@tensorflow/tfjs-backend-wasm/dist/` (never a CDN). One detector per
 * process, loaded lazily on first use; calls are serialised (the WASM backend is single-threaded
 * and the host has few cores). A detector that cannot load throws {@link FaceDetectorError}, which
 * the pipeline treats as a transient failure: the file stays `processing` and its job is retried.
 */
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';
import type { Config, Human } from '@vladmandic/human';

/** A face found in an image: its box in pixels of the analysed image, and the detector's score 0–1. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

/** Raw 8-bit RGB pixels, row-major, `width × height × 3` bytes. */
export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Finds faces. */
export interface FaceDetector {
  /** Boxes (pixels of `image`) of the faces with a score ≥ the detector's minimum. Throws {@link FaceDetectorError} if the model cannot load. */
  detect(image: RgbImage): Promise<FaceBox[]>;
  /** Releases the model (the next `detect` loads it again). */
  close(): Promise<void>;
}

/** The face detector could not be loaded or run; retrying later may succeed. */
export class FaceDetectorError extends Error {
  override name = 'FaceDetectorError';
}

/** Lowest detector score counted as a face. */
export const MIN_FACE_SCORE = 0.5;

const MODEL_SCHEME = 'enclave-human-model://';

/** The installed `@vladmandic/human` package folder (its `exports` map hides subpaths, so resolve its main file). */
export function humanPackageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(dirname(require.resolve('@vladmandic/human')));
}

/** The folder holding the tfjs WASM binaries, with a trailing slash (as `setWasmPaths` expects). */
export function wasmBinariesDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

type Tf = typeof TfCore;
type WeightGroup = { paths: string[]; weights: TfCore.io.WeightsManifestEntry[] };

const modelDirs = new Map<string, string>();
const routed = new WeakSet<object>();

/** Registers (once per tfjs instance) a loader for `enclave-human-model://<id>/<file>.json` reading the model folder registered under `<id>`. */
function registerModelRouter(tf: Tf): void {
  if (routed.has(tf.io)) return;
  routed.add(tf.io);
  // a router answers null for URLs it does not handle (tfjs's own routers do the same; its type omits it)
  const notMine = null as unknown as TfCore.io.IOHandler;
  tf.io.registerLoadRouter((url: string | string[]): TfCore.io.IOHandler => {
    if (typeof url !== 'string' || !url.startsWith(MODEL_SCHEME)) return notMine;
    const [id = '', file = ''] = url.slice(MODEL_SCHEME.length).split('/');
    return {
      load: async () => {
        const dir = modelDirs.get(id);
        if (!dir || !/^[a-z0-9-]+\.json$/.test(file)) throw new FaceDetectorError('unknown face model');
        const json = JSON.parse(await readFile(join(dir, file), 'utf8')) as TfCore.io.ModelJSON;
        return tf.io.getModelArtifactsForJSON(json, async (groups) => {
          const g = groups as unknown as WeightGroup[];
          const parts = await Promise.all(g.flatMap((x) => x.paths).map((p) => readFile(join(dir, p))));
          const all = Buffer.concat(parts);
          return [g.flatMap((x) => x.weights), all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer];
        });
      },
    };
  });
}

/** Throws {@link FaceDetectorError} unless `dir` holds `blazeface.json` and every weight file it names. */
async function checkModelFiles(dir: string): Promise<void> {
  try {
    const json = JSON.parse(await readFile(join(dir, 'blazeface.json'), 'utf8')) as { weightsManifest?: WeightGroup[] };
    const paths = (json.weightsManifest ?? []).flatMap((g) => g.paths);
    if (paths.length === 0) throw new Error('no weights');
    await Promise.all(paths.map((p) => access(join(dir, p), constants.R_OK)));
  } catch {
    throw new FaceDetectorError('the face detection model could not be read');
  }
}

function humanConfig(modelId: string): Partial<Config> {
  const off = { enabled: false };
  return {
    backend: 'wasm',
    wasmPath: wasmBinariesDir(),
    modelBasePath: `${MODEL_SCHEME}${modelId}/`,
    debug: false,
    async: false,
    warmup: 'none',
    cacheModels: false,
    // every image is new: never reuse the previous image's result (Human's video cache)
    cacheSensitivity: 0,
    filter: off,
    gesture: off,
    body: off,
    hand: off,
    object: off,
    segmentation: off,
    face: {
      enabled: true,
      detector: { enabled: true, modelPath: 'blazeface.json', rotation: false, maxDetected: 50, minConfidence: MIN_FACE_SCORE, skipFrames: 0, skipTime: 0, return: false },
      mesh: off,
      iris: off,
      description: off,
      emotion: off,
      antispoof: off,
      liveness: off,
      attention: off,
      gear: off,
    } as Config['face'],
  };
}

/**
 * {@link FaceDetector} over one Human instance. `modelDir` (default: the package's `models/`)
 * must hold `blazeface.json` and its weights. Images larger than `maxSide` px on a side are
 * analysed scaled down by the caller (see `renderForFaces`); boxes are in the given image's pixels.
 */
export class HumanFaceDetector implements FaceDetector {
  #human: Promise<Human> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #modelDir: string;
  readonly #modelId: string;
  static #ids = 0;

  constructor(opts: { modelDir?: string } = {}) {
    this.#modelDir = opts.modelDir ?? join(humanPackageDir(), 'models');
    HumanFaceDetector.#ids += 1;
    this.#modelId = `m${HumanFaceDetector.#ids}`;
  }

  #get(): Promise<Human> {
    if (!this.#human) {
      this.#human = (async () => {
        // Human keeps each model in module state, shared by all its instances: check this
        // detector's own model files are there, so a broken install never passes as "no faces"
        await checkModelFiles(this.#modelDir);
        const require = createRequire(import.meta.url);
        const mod = require(join(humanPackageDir(), 'dist', 'human.node-wasm.js')) as { Human: new (c: Partial<Config>) => Human };
        modelDirs.set(this.#modelId, this.#modelDir);
        const human = new mod.Human(humanConfig(this.#modelId));
        registerModelRouter(human.tf as Tf);
        await human.load();
        if (!human.models.loaded().includes('blazeface')) throw new FaceDetectorError('the face detection model could not be loaded');
        return human;
      })();
      this.#human.catch(() => (this.#human = undefined));
    }
    return this.#human;
  }

  detect(image: RgbImage): Promise<FaceBox[]> {
    const run = this.#queue.then(async () => {
      let human: Human;
      try {
        human = await this.#get();
      } catch (err) {
        throw err instanceof FaceDetectorError ? err : new FaceDetectorError('the face detector could not be started');
      }
      const tf = human.tf as Tf;
      const pixels = new Uint8Array(image.data.buffer, image.data.byteOffset, image.width * image.height * 3);
      const input = tf.tidy(() => tf.expandDims(tf.tensor3d(pixels, [image.height, image.width, 3], 'int32'), 0));
      try {
        const result = await human.detect(input as unknown as Parameters<Human['detect']>[0]);
        if ('error' in result && result.error) throw new FaceDetectorError('face detection failed');
        return result.face
          .filter((f) => (f.boxScore ?? f.score) >= MIN_FACE_SCORE)
          .map((f) => ({ x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3], score: f.boxScore ?? f.score }));
      } finally {
        tf.dispose(input);
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const h = this.#human;
    this.#human = undefined;
    if (!h) return;
    await this.#queue;
    const human = await h.catch(() => undefined);
    if (human) for (const m of Object.values(human.models.models)) m?.dispose();
    modelDirs.delete(this.#modelId);
  }
}

let shared: HumanFaceDetector | undefined;

/** The process-wide detector (one model in memory however many app instances run, e.g. in tests). */
export function sharedFaceDetector(): FaceDetector {
  shared ??= new HumanFaceDetector();
  return {
    detect: (image) => (shared as HumanFaceDetector).detect(image),
    // shared: stays loaded until the process ends
    close: async () => undefined,
  };
}
