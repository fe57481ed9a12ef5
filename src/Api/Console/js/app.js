// The console's shell: log in, the navigation, and the page table. A page is a module with render(view, parameter) →
// optional cleanup, where #/page/parameter gives the parameter (decoded; null without one); the table says who may open
// it (a team admin's pages show its own team only, as the API answers it, and the API keeps enforcing the same rule).
import { ApiError, currentUser, login, logout, onSessionEnd } from './api.js';
import { announce, clear, h } from './dom.js';
import * as keys from './keys.js';
import * as live from './live.js';
import * as policy from './policy.js';
import { signIn, ssoSettings } from './sso.js';
import * as teamPolicy from './team-policy.js';
import * as teams from './teams.js';
import * as usage from './usage.js';

const pages = [
  { id: 'policy', title: 'Policy', roles: ['admin'], module: policy },
  { id: 'teams', title: 'Teams', roles: ['admin'], module: teams },
  { id: 'team-policy', title: 'Team policy', roles: ['admin', 'team_admin'], module: teamPolicy },
  { id: 'keys', title: 'Users and keys', roles: ['admin', 'team_admin'], module: keys },
  { id: 'usage', title: 'Usage', roles: ['admin', 'team_admin'], module: usage },
  { id: 'live', title: 'Live counters', roles: ['admin'], module: live },
];

const elements = {
  login: document.getElementById('login'),
  loginForm: document.getElementById('login-form'),
  loginUser: document.getElementById('login-user'),
  loginPassword: document.getElementById('login-password'),
  loginError: document.getElementById('login-error'),
  sso: document.getElementById('sso'),
  ssoLogin: document.getElementById('sso-login'),
  nav: document.getElementById('nav'),
  session: document.getElementById('session'),
  sessionUser: document.getElementById('session-user'),
  logout: document.getElementById('logout'),
  view: document.getElementById('view'),
};

let cleanup = null;

function allowedPages() {
  const user = currentUser();
  return user ? pages.filter(page => page.roles.includes(user.role)) : [];
}

function leavePage() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  // Whatever the page held — a new key's secret, a draft — goes with its elements.
  clear(elements.view);
}

function showLogin(message) {
  leavePage();
  elements.nav.hidden = true;
  elements.session.hidden = true;
  elements.login.hidden = false;
  elements.loginError.textContent = message || '';
  elements.loginPassword.value = '';
  elements.loginUser.focus();
}

function showShell() {
  const user = currentUser();
  elements.login.hidden = true;
  elements.session.hidden = false;
  elements.sessionUser.textContent = `${user.userId} (${user.role})`;
  const allowed = allowedPages();
  elements.nav.replaceChildren(...allowed.map(page =>
    h('a', { href: `#/${page.id}`, dataset: { page: page.id } }, page.title)));
  elements.nav.hidden = allowed.length === 0;
}

function route() {
  const user = currentUser();
  if (!user) {
    showLogin();
    return;
  }

  leavePage();
  const allowed = allowedPages();
  const [id, parameter] = location.hash.replace(/^#\/?/, '').split('/', 2);
  const page = allowed.find(p => p.id === id);
  if (!page) {
    if (allowed.length === 0) {
      renderNoAccess(user);
      return;
    }
    if (pages.some(p => p.id === id)) {
      renderNoAccess(user);
      return;
    }
    location.replace(`#/${allowed[0].id}`);
    return;
  }

  for (const link of elements.nav.querySelectorAll('a')) {
    if (link.dataset.page === page.id) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  document.title = `${page.title} · LLM Gateway console`;
  cleanup = page.module.render(elements.view, decodeParameter(parameter)) || null;
  const heading = elements.view.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}

/** A malformed escape in the address is no parameter, not a script error. */
function decodeParameter(parameter) {
  try {
    return parameter ? decodeURIComponent(parameter) : null;
  } catch {
    return null;
  }
}

function renderNoAccess(user) {
  document.title = 'No access · LLM Gateway console';
  const heading = h('h1', { tabindex: '-1' }, 'No access');
  elements.view.append(h('section', { className: 'panel narrow', dataset: { testid: 'no-access' } },
    heading,
    h('p', {}, `The account ${user.userId} has the role ${user.role}. The console's pages are for admins; the gateway refuses their API calls to anyone else as well.`),
    h('button', { type: 'button', onclick: () => logout() }, 'Log out')));
  heading.focus();
}

elements.loginForm.addEventListener('submit', async event => {
  event.preventDefault();
  const userId = elements.loginUser.value.trim();
  const password = elements.loginPassword.value;
  if (!userId || !password) {
    elements.loginError.textContent = 'Enter your user id and password.';
    return;
  }

  const submit = elements.loginForm.querySelector('button[type=submit]');
  submit.disabled = true;
  elements.loginError.textContent = '';
  try {
    await login(userId, password);
    elements.loginPassword.value = '';
    enter();
  } catch (error) {
    elements.loginError.textContent = error instanceof ApiError
      ? (error.status === 401 ? 'Wrong user id or password.' : error.describe())
      : 'The gateway cannot be reached.';
  } finally {
    submit.disabled = false;
  }
});

function enter() {
  showShell();
  announce(`Logged in as ${currentUser().userId}.`);
  route();
}

// Single sign-on is offered when the gateway names an issuer for the console (GET /auth/sso).
let sso = null;
ssoSettings().then(settings => {
  sso = settings;
  elements.sso.hidden = !settings;
});

elements.ssoLogin.addEventListener('click', async () => {
  elements.ssoLogin.disabled = true;
  elements.loginError.textContent = '';
  try {
    await signIn(sso);
    enter();
  } catch (error) {
    elements.loginError.textContent = error instanceof ApiError
      ? `The gateway refused the sign-in: ${error.describe()}`
      : error.message;
  } finally {
    elements.ssoLogin.disabled = false;
  }
});

elements.logout.addEventListener('click', () => logout());

onSessionEnd(reason => {
  const messages = {
    logout: 'You are logged out.',
    expired: 'Your session ended (the token expired). Log in again.',
    unauthorized: 'The gateway no longer accepts your token. Log in again.',
  };
  showLogin(reason === 'logout' ? '' : messages[reason]);
  announce(messages[reason]);
});

window.addEventListener('hashchange', route);
route();
