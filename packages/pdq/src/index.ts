/**
 * @enclave/pdq — image hashing engine: Meta's PDQ perceptual hash implemented from the published
 * description (facebook/ThreatExchange `hashing/hashing.pdf`, `pdq/README.md`), MD5/SHA-256
 * digests, and a multi-index hashing index for "every hash within distance d". No HTTP, no database.
 */
export { pdqHash, pdqHashPixels, pdqDihedral, pdqDihedralPixels, MIN_HASHABLE_DIM, type RawPixels } from './pdq.ts';
export { pdqFromLuma, lumaFromPixels, type PdqResult, type PdqDihedral } from './pdq-core.ts';
export { decodeForHashing, ImageDecodeError, DEFAULT_MAX_PIXELS, INTERMEDIATE_DIM, type DecodeOptions, type DecodedPixels } from './decode.ts';
export { hamming, isPdqHex, pdqHexFromBits, pdqHexFromWords, pdqWordsFromHex, popcount32, PDQ_HEX_PATTERN } from './hash256.ts';
export { PdqIndex, bruteForceSearch, packPdqHashes, type PdqHit, type PdqIndexOptions } from './mih.ts';
export { md5Hex, sha256Hex } from './digests.ts';
