/**
 * Typed calls of the admin's hash lists (docs/api.md, "Hash lists"; server `routes/hashlists`).
 */
import { request } from './client.ts';

/** A hash list as listed. */
export interface HashList {
  id: string;
  name: string;
  entries: number;
  pdqThreshold: number;
  createdAt: string;
  createdBy: string;
}

/** What an import created. */
export interface ImportedHashList {
  id: string;
  name: string;
  entries: number;
  duplicates: number;
  pdqThreshold: number;
}

export const hashListsApi = {
  list: () => request<{ hashlists: HashList[] }>('GET', '/hashlists'),
  /** `content` is the file's text (HMA CSV `signal_type,signal`, or one PDQ/MD5 hex per line). */
  create: (name: string, content: string, threshold?: number) =>
    request<ImportedHashList>('POST', '/hashlists', threshold === undefined ? { name, content } : { name, content, threshold }),
  remove: (id: string) => request<void>('DELETE', `/hashlists/${encodeURIComponent(id)}`),
};
