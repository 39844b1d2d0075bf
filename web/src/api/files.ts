/**
 * Files (issue 11): upload with progress (XMLHttpRequest, so the browser reports bytes sent),
 * the served copy's URL, and the justified reveal of a blurred image's clear copy.
 */
import { ApiError, readCookie } from './client.ts';
import type { Message } from './types.ts';

/** URL of a file's processed copy (cookie-authenticated `GET /api/v1/files/:id`). */
export const fileUrl = (fileId: string): string => `/api/v1/files/${encodeURIComponent(fileId)}`;

function errorOf(status: number, body: unknown): ApiError {
  const e = body && typeof body === 'object' && 'error' in body ? (body as { error: Record<string, unknown> }).error : undefined;
  if (e && typeof e === 'object') {
    const { code, message, ...rest } = e;
    return new ApiError(status, typeof code === 'string' ? code : 'error', typeof message === 'string' ? message : `Upload failed (${status}).`, rest);
  }
  return new ApiError(status, 'http_error', `Upload failed (${status}).`);
}

/**
 * Uploads one file to a channel (`POST /channels/:id/files`, multipart). `onProgress` receives
 * the fraction 0–1 of bytes sent. Resolves with the posted message; rejects with {@link ApiError}
 * (e.g. 422 `personal_data_blocked` naming the file, 415 unsupported type, 429).
 */
export function uploadFile(channelId: string, file: File, opts: { text?: string; threadRootId?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}): Promise<Message> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    if (opts.text) form.append('text', opts.text);
    if (opts.threadRootId) form.append('threadRootId', opts.threadRootId);
    form.append('file', file, file.name || 'pasted-image.png');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/channels/${encodeURIComponent(channelId)}/files`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = readCookie('enclave_csrf');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The server could not be reached.'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201 && body && typeof body === 'object' && 'message' in body) resolve((body as { message: Message }).message);
      else reject(errorOf(xhr.status, body));
    };
    opts.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}

/** The clear copy of a blurred image, after a justification (≥ 12 characters; audited). */
export async function revealFile(fileId: string, justification: string): Promise<Blob> {
  const csrf = readCookie('enclave_csrf');
  const res = await fetch(`${fileUrl(fileId)}/reveal`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'image/*', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
    body: JSON.stringify({ justification }),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!res.ok) throw errorOf(res.status, await res.json().catch(() => undefined));
  return res.blob();
}
