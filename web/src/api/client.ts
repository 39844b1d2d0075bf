/**
 * The one place that talks HTTP to the Enclave server: adds the CSRF double-submit header
 * (`X-CSRF-Token` = the `enclave_csrf` cookie, docs/api.md "Authentication") on state-changing
 * requests and turns `{ error: { code, message } }` answers into {@link ApiError}.
 */

/** An error answer from the API, or a network failure (`status` 0, code `network_error`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status (0 when the request never got an answer). */
  readonly status: number;
  /** Stable snake_case code from the server, e.g. `invalid_credentials`. */
  readonly code: string;
  /** Extra fields of the error object (e.g. `hint`, `findings` for `personal_data_blocked`). */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Reads one cookie from `document.cookie`; `undefined` when absent. */
export function readCookie(name: string, cookieString: string = document.cookie): string | undefined {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Listeners told when any call answers 401 (the session ended elsewhere). */
const unauthorizedListeners = new Set<() => void>();

/** Subscribes to "session gone" (any 401 except on sign-in/setup); returns the unsubscribe function. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/**
 * Sends one JSON request under `/api/v1`.
 * @param method HTTP method.
 * @param path path after `/api/v1`, e.g. `/channels`.
 * @param body JSON body (omitted when undefined).
 * @param opts `signal` aborts the request (then rejects with ApiError code `aborted`, status 0).
 * @returns the parsed JSON answer, or `undefined` for 204.
 * @throws ApiError on a non-2xx answer or a network failure.
 */
export async function request<T>(method: string, path: string, body?: unknown, opts: { signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const csrf = readCookie('enclave_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch {
    if (opts.signal?.aborted) throw new ApiError(0, 'aborted', 'The request was cancelled.');
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = parseError(res.status, data);
    if (res.status === 401 && !path.startsWith('/auth/login') && !path.startsWith('/setup')) {
      for (const l of unauthorizedListeners) l();
    }
    throw err;
  }
  return data as T;
}

function parseError(status: number, data: unknown): ApiError {
  if (data && typeof data === 'object' && 'error' in data) {
    const e = (data as { error: unknown }).error;
    if (e && typeof e === 'object') {
      const { code, message, ...rest } = e as Record<string, unknown>;
      return new ApiError(
        status,
        typeof code === 'string' ? code : 'error',
        typeof message === 'string' ? message : `Request failed (${status}).`,
        rest,
      );
    }
  }
  return new ApiError(status, 'http_error', `Request failed (${status}).`);
}

/** A human-readable message for any thrown value. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
