// The JSON API with the tab's token. The token lives only in sessionStorage (this tab's session):
// never localStorage, cookies or URLs.

const TOKEN_KEY = 'tally.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: value => sessionStorage.setItem(TOKEN_KEY, value),
  forget: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An answer that was not 2xx: the API's {error, detail, field?} with the status. */
export class ApiError extends Error {
  constructor(status, body) {
    super(`${status} ${body.error || ''}: ${body.detail || ''}`);
    this.status = status;
    this.error = body.error;
    this.detail = body.detail;
    this.field = body.field;
  }
}

export class NoToken extends Error {
  constructor() { super('enter an API token above to load data'); }
}

function headers(extra = {}) {
  const t = token.get();
  if (!t) throw new NoToken();
  return { Authorization: `Bearer ${t}`, ...extra };
}

async function failure(response) {
  let body = {};
  try { body = await response.json(); } catch (ignored) { body = { error: 'http_' + response.status, detail: response.statusText }; }
  return new ApiError(response.status, body);
}

/** GET path (with query params) as JSON. */
export async function getJson(path, params = {}) {
  const response = await fetch(withQuery(path, params), { headers: headers({ Accept: 'application/json' }) });
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function getText(path) {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw await failure(response);
  return response.text();
}

/** POST a JSON body (or none); the answer's JSON and status. */
export async function postJson(path, body, params = {}) {
  const init = { method: 'POST', headers: headers({ Accept: 'application/json' }) };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(withQuery(path, params), init);
  if (!response.ok) throw await failure(response);
  return { status: response.status, body: await response.json() };
}

/**
 * Reads an NDJSON stream line by line, calling onLine(object) until it returns false, then
 * cancels the rest (a whole journal need not be read to show its first page).
 */
export async function readNdjson(path, onLine) {
  const controller = new AbortController();
  const response = await fetch(path, { headers: headers(), signal: controller.signal });
  if (!response.ok) throw await failure(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffered += decoder.decode(value || new Uint8Array(), { stream: !done });
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line && onLine(JSON.parse(line)) === false) {
          await reader.cancel();
          return;
        }
      }
      if (done) {
        if (buffered.trim()) onLine(JSON.parse(buffered));
        return;
      }
    }
  } finally {
    controller.abort();
  }
}

function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') query.set(k, v);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
