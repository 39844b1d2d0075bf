/**
 * Hash lists (issue 11): import in the formats Hasher-Matcher-Actioner exports, list, delete, and
 * match an upload's PDQ / MD5 / SHA-256 against every list (see `matcher.ts`).
 */
export { DEFAULT_PDQ_THRESHOLD, MAX_PDQ_THRESHOLD, deleteHashList, importHashList, listHashLists, prepareHashList, storeHashList, validateListInput, type HashListSummary, type ImportedHashList, type PreparedHashList } from './hashlists.ts';
export { HashListMatcher, type HashListMatch, type MediaHashes } from './matcher.ts';
export { HashListFormatError, MAX_ENTRIES, MAX_LINE_BYTES, parseHashList, type LineError, type ParsedHashList } from './parse.ts';
