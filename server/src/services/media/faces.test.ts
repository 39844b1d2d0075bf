/**
 * The face detector (real Human + BlazeFace on the WASM backend, no mocks) and the face blur.
 * Fixtures are drawn in the test (a synthetic cartoon face; a text document): no real person.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { meanDifference, syntheticFace } from '../../test/synthetic-face.ts';
import { textImage } from '../../test/images.ts';
import { loadMediaSettings } from './deps.ts';
import { FaceDetectorError, HumanFaceDetector, MIN_FACE_SCORE, sharedFaceDetector, type FaceBox } from './faces.ts';
import { paddedBox, renderClean, renderFacesBlurred, renderForFaces } from './image.ts';

const detector = sharedFaceDetector();
const empty = mkdtempSync(join(tmpdir(), 'enclave-no-model-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

async function facesIn(bytes: Buffer, mime = 'image/jpeg'): Promise<{ faces: FaceBox[]; width: number; height: number }> {
  const clean = await renderClean(bytes, mime, 100_000_000);
  const input = await renderForFaces(clean);
  const found = await detector.detect(input.image);
  return { faces: found.map((f) => ({ ...f, x: f.x * input.scale, y: f.y * input.scale, width: f.width * input.scale, height: f.height * input.scale })), width: clean.width, height: clean.height };
}

const centre = (b: { x: number; y: number; width: number; height: number }) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

describe('face detector (Human, BlazeFace, WASM)', () => {
  it('finds the synthetic face, score ≥ 0.5, its box around the drawn face, in pixels of the image', async () => {
    const { bytes, face } = await syntheticFace({ width: 640, height: 480, size: 120 });
    const { faces } = await facesIn(bytes);
    expect(faces).toHaveLength(1);
    const f = faces[0] as FaceBox;
    expect(f.score).toBeGreaterThanOrEqual(MIN_FACE_SCORE);
    const c = centre(f);
    expect(Math.abs(c.x - (face.left + face.width / 2))).toBeLessThan(face.width / 3);
    expect(Math.abs(c.y - (face.top + face.height / 2))).toBeLessThan(face.height / 3);
    expect(f.width).toBeGreaterThan(face.width * 0.5);
    expect(f.width).toBeLessThan(face.width * 2.5);
  }, 60_000);

  it('gives boxes in the original pixels of a large (2-megapixel) image analysed scaled down', async () => {
    const { bytes, face } = await syntheticFace({ width: 1800, height: 1200, size: 300, cx: 600, cy: 500 });
    const { faces, width } = await facesIn(bytes);
    expect(width).toBe(1800);
    expect(faces).toHaveLength(1);
    const c = centre(faces[0] as FaceBox);
    expect(Math.abs(c.x - (face.left + face.width / 2))).toBeLessThan(face.width / 3);
    expect(Math.abs(c.y - (face.top + face.height / 2))).toBeLessThan(face.height / 3);
  }, 60_000);

  it('finds no face in a text document or a plain picture', async () => {
    expect((await facesIn(await textImage(['INVOICE 2026-0042', 'Total due: 120.00', 'Thank you for your order']), 'image/png')).faces).toEqual([]);
    const { bytes } = await syntheticFace({ size: 0.001 });
    expect((await facesIn(bytes)).faces).toEqual([]);
  }, 60_000);

  it('a detector whose model cannot be loaded fails with FaceDetectorError (every attempt), not with "no faces"', async () => {
    const broken = new HumanFaceDetector({ modelDir: empty });
    const { bytes } = await syntheticFace();
    const input = await renderForFaces(await renderClean(bytes, 'image/jpeg', 100_000_000));
    await expect(broken.detect(input.image)).rejects.toBeInstanceOf(FaceDetectorError);
    await expect(broken.detect(input.image)).rejects.toBeInstanceOf(FaceDetectorError);
    await broken.close();
  }, 60_000);
});

describe('face blur', () => {
  it('blurs the padded face box strongly and leaves the rest of the image as it was', async () => {
    const { bytes, face } = await syntheticFace({ format: 'png' });
    const clean = await renderClean(bytes, 'image/png', 100_000_000);
    const box: FaceBox = { x: face.left, y: face.top, width: face.width, height: face.height, score: 0.9 };
    const out = await renderFacesBlurred(clean, [box]);
    expect(out.mime).toBe('image/png');
    expect([out.width, out.height]).toEqual([clean.width, clean.height]);
    expect(await meanDifference(clean.data, out.data, face, true)).toBeGreaterThan(10);
    const padded = paddedBox(box, clean.width, clean.height);
    expect(padded).not.toBeNull();
    expect(await meanDifference(clean.data, out.data, padded as NonNullable<typeof padded>, false)).toBe(0);
  });

  it('pads a box by 20 % of its larger side and clips it to the image', () => {
    expect(paddedBox({ x: 100, y: 100, width: 50, height: 100, score: 1 }, 1000, 1000)).toEqual({ left: 80, top: 80, width: 90, height: 140 });
    expect(paddedBox({ x: -10, y: 5, width: 50, height: 50, score: 1 }, 60, 40)).toEqual({ left: 0, top: 0, width: 50, height: 40 });
    expect(paddedBox({ x: 500, y: 500, width: 10, height: 10, score: 1 }, 100, 100)).toBeNull();
  });
});

describe('ENCLAVE_FACES', () => {
  it('is on by default, off with "off", and anything else is refused', () => {
    expect(loadMediaSettings({}).faces).toBe(true);
    expect(loadMediaSettings({ ENCLAVE_FACES: 'on' }).faces).toBe(true);
    expect(loadMediaSettings({ ENCLAVE_FACES: 'off' }).faces).toBe(false);
    expect(() => loadMediaSettings({ ENCLAVE_FACES: 'maybe' })).toThrow(RangeError);
  });
});
