// The session and every call to the gateway. The token lives in this module's variables only: never in localStorage,
// sessionStorage or a cookie, so a reload logs out, and no request carries a credential the browser adds by itself —
// every call sends Authorization explicitly, which a cross-site page cannot make this tab do (no CSRF).

let session = null; // { userId, role, token, expiresAt }
let expiryTimer = 0;
const listeners = new Set();

/** Called with the reason ('logout', 'expired', 'unauthorized') whenever the session ends. */
export function onSessionEnd(listener) {
  listeners.add(listener);
}

export function currentUser() {
  return session ? { userId: session.userId, role: session.role } : null;
}

/** POST /login. Resolves to the signed-in user, or rejects with an ApiError. */
export async function login(userId, password) {
  const response = await send('POST', '/login', { body: { user_id: userId, password }, anonymous: true });
  if (!response.ok) {
    throw new ApiError(response);
  }

  const { access_token: token, expires_in: expiresIn, role } = response.body;
  return start(userId, role, token, expiresIn);
}

/**
 * A session on a token the console got from the single sign-on issuer: the gateway says whose it is and with which
 * role (GET /me). Resolves to the signed-in user, or rejects with an ApiError when the gateway refuses the token.
 */
export async function adopt(token, expiresIn) {
  const response = await send('GET', '/me', { anonymous: true, headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    throw new ApiError(response);
  }
  return start(response.body.user_id, response.body.role, token, expiresIn);
}

function start(userId, role, token, expiresIn) {
  session = { userId, role, token, expiresAt: Date.now() + expiresIn * 1000 };
  clearTimeout(expiryTimer);
  // A token cannot be refreshed: the console ends the session when the token does, rather than failing call by call.
  expiryTimer = setTimeout(() => end('expired'), Math.max(0, expiresIn * 1000 - 5000));
  return currentUser();
}

export function logout() {
  end('logout');
}

function end(reason) {
  if (!session) {
    return;
  }

  session = null;
  clearTimeout(expiryTimer);
  for (const listener of listeners) {
    listener(reason);
  }
}

/**
 * One call to the API. Resolves to { status, ok, body, headers } for every HTTP answer (the caller decides what a 4xx
 * means); a 401 on an authenticated call also ends the session. Rejects only when the gateway cannot be reached.
 */
export async function send(method, path, { body, headers = {}, anonymous = false, accept = 'application/json' } = {}) {
  const init = { method, headers: { Accept: accept, ...headers }, cache: 'no-store', credentials: 'omit', redirect: 'error' };
  if (!anonymous) {
    if (!session) {
      throw new Error('Not logged in.');
    }
    init.headers.Authorization = `Bearer ${session.token}`;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }

  const response = await fetch(path, init);
  const type = response.headers.get('Content-Type') || '';
  let parsed = null;
  if (response.status !== 204) {
    parsed = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  }

  if (response.status === 401 && !anonymous) {
    end('unauthorized');
  }

  return { status: response.status, ok: response.ok, body: parsed, headers: response.headers };
}

/** A refused call, with the problem body's fields (code, detail, errors, request_id) when there is one. */
export class ApiError extends Error {
  constructor(response) {
    const problem = response.body && typeof response.body === 'object' ? response.body : {};
    super(problem.detail || problem.title || `The gateway answered ${response.status}.`);
    this.status = response.status;
    this.code = problem.code || null;
    this.errors = problem.errors || null;
    this.requestId = problem.request_id || response.headers.get('X-Request-Id');
  }

  /** The message as the console shows it: what went wrong, and the request id to quote. */
  describe() {
    return this.requestId ? `${this.message} (request ${this.requestId})` : this.message;
  }
}

/** What went wrong, as the console shows it: the API's refusal with its request id, or that the gateway cannot be reached. */
export function describe(error) {
  return error instanceof ApiError ? error.describe() : `The gateway cannot be reached (${error.message}).`;
}

/** Sends and returns the body of a 2xx answer; any other answer rejects with an ApiError. */
export async function call(method, path, options) {
  const response = await send(method, path, options);
  if (!response.ok) {
    throw new ApiError(response);
  }
  return response;
}
