// Talking to the server: one place that builds API addresses and turns its answers
// (JSON, or `{"error": "..."}` with a 4xx/5xx) into values or Errors with the server's
// own sentence.

import { t } from './i18n.js';

/** `/api/PATH?k=v…`, leaving out empty values. */
export function apiUrl(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  }
  const s = q.toString();
  return `/api/${path}${s ? `?${s}` : ''}`;
}

/** An error the server explained (`status` set) or a failed connection. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function errorOf(response) {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(message, response.status);
}

/** fetch() that throws ApiError for a refused connection or an error status. */
export async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(t('error.network', { detail: e.message }), 0);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** GET (or other method) and parse JSON; 204 gives null. */
export async function getJson(url, options = {}) {
  const response = await request(url, options);
  if (response.status === 204) return null;
  return response.json();
}

/** POST a JSON body. */
export function postJson(url, body) {
  return getJson(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}
