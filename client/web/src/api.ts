import type { HttpResults } from '../../../shared/http.js';
import type { ErrorPayload } from '../../../shared/errors.js';

/** A refused HTTP call, with the server's stable code. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
    /** For VALIDATION_FAILED: `issues`, each a field's path and the server's message. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The JSON API, typed by the contract's `HttpResults`. */
export async function api<K extends keyof HttpResults>(endpoint: K, options: { path?: string; token?: string; body?: unknown; query?: Record<string, string> } = {}): Promise<HttpResults[K]> {
  const [method, template] = (endpoint as string).split(' ') as [string, string];
  const url = new URL(options.path ?? template, location.origin);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const res = await fetch(url, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  if (!res.ok) {
    let error: Partial<ErrorPayload> = {};
    try {
      error = (JSON.parse(text) as { error?: ErrorPayload }).error ?? {};
    } catch {
      // not JSON
    }
    throw new ApiError(error.code ?? (res.status === 404 ? 'NOT_FOUND' : 'INTERNAL'), error.message ?? res.statusText, error.retryAfterMs, error.details);
  }
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('application/json') ? JSON.parse(text) : text) as HttpResults[K];
}
