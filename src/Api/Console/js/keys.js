// Users and gateway API keys. The API lists keys (GET /admin/keys) but not users: it only creates them
// (POST /admin/users), so the page lists the users created in this tab and every user that holds a key.
import { ApiError, call, send } from './api.js';
import { announce, field, h, status, when } from './dom.js';

export function render(view) {
  const state = { alive: true, createdUsers: [], keys: [] };

  // --- create user ---
  const userId = h('input', { id: 'user-id', autocomplete: 'off', required: true, dataset: { testid: 'user-create-id' } });
  const password = h('input', { id: 'user-password', type: 'password', autocomplete: 'new-password', required: true, dataset: { testid: 'user-create-password' } });
  const role = select('user-role', [['user', 'user'], ['admin', 'admin']]);
  const userMessage = h('div', { 'aria-live': 'polite' });
  const userList = h('ul', { className: 'tags', 'aria-label': 'Users created in this tab' });
  const userForm = h('form', { novalidate: true, onsubmit: createUser },
    field('User id', userId),
    field('Password', password, 'At least 12 characters.'),
    field('Role', role),
    h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary', dataset: { testid: 'user-create' } }, 'Create user')),
    userMessage);

  // --- create key ---
  const knownUsers = h('datalist', { id: 'known-users' });
  const keyUser = h('input', { id: 'key-user', autocomplete: 'off', list: 'known-users', required: true, dataset: { testid: 'key-create-user' } });
  const keyName = h('input', { id: 'key-name', autocomplete: 'off', required: true, maxlength: '100', dataset: { testid: 'key-create-name' } });
  const keyRole = select('key-role', [['', "the user's role"], ['user', 'user'], ['admin', 'admin']]);
  const keyMessage = h('div', { 'aria-live': 'polite' });
  const secretPanel = h('div', { dataset: { testid: 'key-secret-panel' } });
  const keyForm = h('form', { novalidate: true, onsubmit: createKey },
    field('User id', keyUser, 'An existing user: requests made with the key run as this user.'),
    field('Name', keyName, 'Which service uses the key.'),
    field('Role', keyRole, "At most the user's own role."),
    h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary', dataset: { testid: 'key-create' } }, 'Create key')),
    keyMessage,
    knownUsers);

  // --- key list ---
  const keyRows = h('tbody');
  const listMessage = h('div', { 'aria-live': 'polite' });

  view.append(
    h('h1', {}, 'Users and keys'),
    h('div', { className: 'columns' },
      h('section', { className: 'panel', 'aria-labelledby': 'user-title' },
        h('h2', { id: 'user-title' }, 'New user'),
        userForm,
        h('h3', {}, 'Users created in this tab'),
        h('p', { className: 'hint' }, 'The admin API has no user listing: it creates users but does not list them. Every user that holds a key appears in the key list.'),
        userList),
      h('section', { className: 'panel', 'aria-labelledby': 'key-title' },
        h('h2', { id: 'key-title' }, 'New API key'),
        keyForm,
        secretPanel)),
    h('section', { className: 'panel', 'aria-labelledby': 'keys-title' },
      h('h2', { id: 'keys-title' }, 'API keys'),
      listMessage,
      h('table', { dataset: { testid: 'key-list' } },
        h('caption', { className: 'visually-hidden' }, 'Every gateway API key, newest first'),
        h('thead', {}, h('tr', {},
          ['Name', 'User', 'Role', 'Created', 'Ends in', 'State', 'Actions'].map(name => h('th', { scope: 'col' }, name)))),
        keyRows)));

  loadKeys();
  return () => { state.alive = false; };

  // ---------------------------------------------------------------------------------------------------------------

  async function createUser(event) {
    event.preventDefault();
    clearFieldErrors(userForm);
    userMessage.replaceChildren();
    const body = { user_id: userId.value.trim(), password: password.value, role: role.value };
    const response = await send('POST', '/admin/users', { body }).catch(error => ({ failure: error }));
    if (response.failure) {
      userMessage.replaceChildren(status('error', `The gateway cannot be reached (${response.failure.message}).`));
      return;
    }
    if (!response.ok) {
      const error = new ApiError(response);
      showFieldErrors(userForm, error, { user_id: userId, password, role });
      userMessage.replaceChildren(status('error', response.status === 409 ? `A user named ${body.user_id} exists already.` : error.describe()));
      return;
    }
    password.value = '';
    state.createdUsers.push(response.body);
    userList.append(h('li', {}, `${response.body.user_id} (${response.body.role})`));
    updateKnownUsers();
    userMessage.replaceChildren(status('ok', `User ${response.body.user_id} created.`));
    announce(`User ${response.body.user_id} created.`);
  }

  async function createKey(event) {
    event.preventDefault();
    clearFieldErrors(keyForm);
    keyMessage.replaceChildren();
    secretPanel.replaceChildren();
    const body = { user_id: keyUser.value.trim(), name: keyName.value.trim() };
    if (keyRole.value) {
      body.role = keyRole.value;
    }
    const response = await send('POST', '/admin/keys', { body }).catch(error => ({ failure: error }));
    if (response.failure) {
      keyMessage.replaceChildren(status('error', `The gateway cannot be reached (${response.failure.message}).`));
      return;
    }
    if (!response.ok) {
      const error = new ApiError(response);
      showFieldErrors(keyForm, error, { user_id: keyUser, name: keyName, role: keyRole });
      keyMessage.replaceChildren(status('error', response.status === 404 ? `There is no user ${body.user_id}.` : error.describe()));
      return;
    }
    keyName.value = '';
    showSecret(response.body);
    loadKeys();
  }

  /** The key, once: it lives in this panel's input only, and is gone when the panel is closed or the page left. */
  function showSecret(created) {
    const secret = h('input', { id: 'key-secret', readonly: true, value: created.key, className: 'secret', dataset: { testid: 'key-secret' } });
    const copied = h('span', { 'aria-live': 'polite', className: 'hint' });
    const copy = h('button', { type: 'button', dataset: { testid: 'key-copy' }, onclick: async () => {
      try {
        await navigator.clipboard.writeText(secret.value);
        copied.textContent = 'Copied.';
      } catch {
        secret.select();
        copied.textContent = 'Copying is not allowed here: the key is selected, press Ctrl+C.';
      }
    } }, 'Copy');
    const done = h('button', { type: 'button', onclick: () => { secretPanel.replaceChildren(); keyUser.focus(); } }, 'Done, hide it');
    secretPanel.replaceChildren(h('div', { className: 'secret-box', role: 'region', 'aria-labelledby': 'secret-title' },
      h('h3', { id: 'secret-title' }, `Key for ${created.name} (${created.user_id}, ${created.role})`),
      h('p', {}, h('strong', {}, 'Copy it now: it is shown only this once.'), ' The gateway keeps only its hash; it cannot show it again.'),
      h('label', { for: 'key-secret' }, 'API key'),
      h('div', { className: 'row' }, secret, copy),
      copied,
      h('div', { className: 'actions' }, done)));
    secret.focus();
    secret.select();
    announce('Key created. It is shown once; copy it now.');
  }

  async function loadKeys() {
    try {
      const { body } = await call('GET', '/admin/keys');
      if (!state.alive) {
        return;
      }
      state.keys = body.keys;
      keyRows.replaceChildren(...(body.keys.length ? body.keys.map(keyRow) : [h('tr', {}, h('td', { colspan: '7' }, 'No keys yet.'))]));
      updateKnownUsers();
    } catch (error) {
      listMessage.replaceChildren(status('error', error instanceof ApiError ? error.describe() : error.message));
    }
  }

  function keyRow(key) {
    const actions = h('td', { className: 'actions' });
    if (!key.revoked) {
      const revoke = h('button', { type: 'button', dataset: { testid: `key-revoke-${key.id}` }, onclick: () => {
        const confirm = h('button', { type: 'button', className: 'danger', dataset: { testid: `key-revoke-confirm-${key.id}` }, onclick: () => revokeKey(key) }, `Revoke ${key.name}`);
        const cancel = h('button', { type: 'button', onclick: () => { actions.replaceChildren(revoke); revoke.focus(); } }, 'Cancel');
        actions.replaceChildren(confirm, cancel);
        confirm.focus();
      } }, 'Revoke');
      actions.append(revoke);
    }
    return h('tr', { dataset: { keyId: key.id } },
      h('th', { scope: 'row' }, key.name),
      h('td', {}, key.user_id),
      h('td', {}, key.role),
      h('td', {}, when(key.created_at), ` by ${key.created_by}`),
      h('td', {}, h('code', {}, `…${key.last_four}`)),
      h('td', {}, key.revoked ? h('span', {}, 'revoked ', when(key.revoked_at), ` by ${key.revoked_by}`) : 'active'),
      actions);
  }

  async function revokeKey(key) {
    listMessage.replaceChildren();
    try {
      await call('DELETE', `/admin/keys/${encodeURIComponent(key.id)}`);
      listMessage.replaceChildren(status('ok', `Key ${key.name} revoked: the next request with it is refused.`));
      announce(`Key ${key.name} revoked.`);
      await loadKeys();
    } catch (error) {
      listMessage.replaceChildren(status('error', error instanceof ApiError ? error.describe() : error.message));
    }
  }

  function updateKnownUsers() {
    const ids = new Set([...state.createdUsers.map(u => u.user_id), ...state.keys.map(k => k.user_id)]);
    knownUsers.replaceChildren(...[...ids].sort().map(id => h('option', { value: id })));
  }
}

function select(id, options) {
  return h('select', { id }, options.map(([value, label]) => h('option', { value }, label)));
}

function clearFieldErrors(form) {
  for (const message of form.querySelectorAll('.field-error')) {
    message.remove();
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    control.setAttribute('aria-describedby', (control.getAttribute('aria-describedby') || '').replace(/\S+-error/g, '').trim());
  }
}

/** Each problem the API names by field, under that field; the control is marked invalid and described by it. */
function showFieldErrors(form, error, controls) {
  if (!error.errors) {
    return;
  }
  for (const [name, messages] of Object.entries(error.errors)) {
    const control = controls[name];
    if (!control) {
      continue;
    }
    const id = `${control.id}-error`;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') || ''} ${id}`.trim());
    control.insertAdjacentElement('afterend', h('p', { className: 'field-error error', id }, messages.join(' ')));
  }
  form.querySelector('[aria-invalid=true]')?.focus();
}
