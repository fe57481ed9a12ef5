// Single sign-on: the authorization-code flow with PKCE (RFC 7636, S256), the console a public client of the issuer the
// gateway trusts (GET /auth/sso names the console's client id and the issuer's endpoints, from the discovery document
// the gateway reads). The issuer's page opens in a pop-up and comes back to sso.html on this origin, which hands the code
// over through a BroadcastChannel and closes. The verifier, the code and the token stay in this tab's memory; the token
// goes to api.js like a local login's.
import { adopt, send } from './api.js';

const CHANNEL = 'llm-gateway-console-sso';
const WAIT_MS = 5 * 60 * 1000;

/** { issuer, client_id, scope, authorization_endpoint, token_endpoint }, or null when the console has no single sign-on. */
export async function ssoSettings() {
  const response = await send('GET', '/auth/sso', { anonymous: true }).catch(() => null);
  return response?.ok ? response.body : null;
}

/** Signs in at the issuer and starts a session on its access token; resolves to the signed-in user. */
export async function signIn({ client_id: clientId, scope, authorization_endpoint: authorizationEndpoint, token_endpoint: tokenEndpoint }) {
  const verifier = random(32);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(16);
  const redirectUri = new URL('sso.html', location.href).href;
  const authorize = new URL(authorizationEndpoint);
  const query = { response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope, state, code_challenge: challenge, code_challenge_method: 'S256' };
  for (const [name, value] of Object.entries(query)) {
    authorize.searchParams.set(name, value);
  }

  const code = await codeFromPopup(authorize.href, state);
  const token = await json(fetch(tokenEndpoint, {
    method: 'POST',
    credentials: 'omit',
    cache: 'no-store',
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }),
  }), 'token answer');
  return adopt(token.access_token, token.expires_in);
}

/** Opens the issuer's sign-in page; resolves to the code sso.html reports for this state. */
function codeFromPopup(url, state) {
  return new Promise((resolve, reject) => {
    // No noopener: with it the browser answers null whether or not it opened the window. The console's
    // Cross-Origin-Opener-Policy (same-origin) already cuts the issuer's page off from this one.
    if (!window.open(url, '_blank', 'popup,width=520,height=680')) {
      reject(new Error('The browser blocked the sign-in window: allow pop-ups for this page and try again.'));
      return;
    }

    const channel = new BroadcastChannel(CHANNEL);
    const timer = setTimeout(() => finish(() => reject(new Error('The sign-in window did not answer within five minutes.'))), WAIT_MS);
    function finish(settle) {
      clearTimeout(timer);
      channel.close();
      settle();
    }
    channel.onmessage = ({ data }) => {
      if (!data || data.state !== state) {
        return; // another sign-in's answer
      }
      finish(() => (data.code ? resolve(data.code) : reject(new Error(`The issuer refused the sign-in (${data.error || 'no code'}).`))));
    };
  });
}

async function json(request, what) {
  const response = await request;
  const body = await response.json().catch(() => null);
  if (!response.ok || !body) {
    throw new Error(`The issuer's ${what} cannot be read (HTTP ${response.status}${body?.error ? `, ${body.error}` : ''}).`);
  }
  return body;
}

function random(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(buffer) {
  return btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
