// sso.html: where the issuer sends the sign-in pop-up back. It passes the code (or the error) and the state to the
// console tab that asked, over a BroadcastChannel of this origin, takes them out of the address bar and closes.
const answer = new URLSearchParams(location.search);
const channel = new BroadcastChannel('llm-gateway-console-sso');
channel.postMessage({ state: answer.get('state'), code: answer.get('code'), error: answer.get('error_description') || answer.get('error') });
channel.close();
history.replaceState(null, '', location.pathname);
window.close();
