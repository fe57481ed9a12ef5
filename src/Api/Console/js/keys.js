// Users and gateway API keys: the user listing (GET /admin/users, paged) with each user's role, state, password
// reset and deletion; the key listing with rotation and revocation. A key's secret is shown once, when it is created
// or rotated, and only in the secret panel.
import { call, currentUser, describe } from './api.js';
import { announce, field, h, panel, status, table, when } from './dom.js';
import { clearFieldErrors, postForm, showFieldErrors } from './forms.js';

const USER_PAGE = 50;

export function render(view) {
  const state = { alive: true, users: [], nextAfter: null, keys: [], forms: 0 };

  // --- create user ---
  const userId = h('input', { id: 'user-id', autocomplete: 'off', required: true, dataset: { testid: 'user-create-id' } });
  const password = h('input', { id: 'user-password', type: 'password', autocomplete: 'new-password', required: true, dataset: { testid: 'user-create-password' } });
  // A team admin creates users in its own team, and may not grant admin (the API refuses it anyway).
  const isAdmin = currentUser()?.role === 'admin';
  const grantable = isAdmin ? [['user', 'user'], ['team_admin', 'team admin'], ['admin', 'admin']] : [['user', 'user'], ['team_admin', 'team admin']];
  const role = select('user-role', grantable);
  const userTeam = h('input', { id: 'user-team', autocomplete: 'off', dataset: { testid: 'user-create-team' } });
  const userMessage = h('div', { 'aria-live': 'polite' });
  const userForm = h('form', { novalidate: true, onsubmit: createUser },
    field('User id', userId),
    field('Password', password, 'At least 12 characters.'),
    field('Role', role),
    isAdmin ? field('Team', userTeam, 'A team id; empty: the default team.') : null,
    h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary', dataset: { testid: 'user-create' } }, 'Create user')),
    userMessage);

  // --- create key ---
  const knownUsers = h('datalist', { id: 'known-users' });
  const keyUser = h('input', { id: 'key-user', autocomplete: 'off', list: 'known-users', required: true, dataset: { testid: 'key-create-user' } });
  const keyName = h('input', { id: 'key-name', autocomplete: 'off', required: true, maxlength: '100', dataset: { testid: 'key-create-name' } });
  const keyRole = select('key-role', [['', "the user's role"], ...grantable]);
  const keyModels = h('input', { id: 'key-models', autocomplete: 'off', dataset: { testid: 'key-create-models' } });
  const keyExpires = h('input', { id: 'key-expires', type: 'datetime-local', dataset: { testid: 'key-create-expires' } });
  const keyMetadata = h('textarea', { id: 'key-metadata', rows: '3', spellcheck: 'false', dataset: { testid: 'key-create-metadata' } });
  const keyMessage = h('div', { 'aria-live': 'polite' });
  const secretPanel = h('div', { dataset: { testid: 'key-secret-panel' } });
  const keyForm = h('form', { novalidate: true, onsubmit: createKey },
    field('User id', keyUser, 'An existing user: requests made with the key run as this user.'),
    field('Name', keyName, 'Which service uses the key.'),
    field('Role', keyRole, "At most the user's own role."),
    h('details', {},
      h('summary', {}, 'Restrictions and labels'),
      field('Models', keyModels, 'The only models the key may ask for, separated by commas; empty: any the policy allows.'),
      field('Expires', keyExpires, 'Your local time; empty: never.'),
      field('Metadata', keyMetadata, 'Your own labels, one name=value a line.')),
    h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary', dataset: { testid: 'key-create' } }, 'Create key')),
    keyMessage,
    knownUsers);

  // --- user list ---
  const userRows = h('tbody');
  const usersMessage = h('div', { 'aria-live': 'polite' });
  const moreUsers = h('button', { type: 'button', hidden: true, dataset: { testid: 'user-list-more' }, onclick: () => loadUsers(state.nextAfter) }, 'Show more users');

  // --- key list ---
  const keyRows = h('tbody');
  const listMessage = h('div', { 'aria-live': 'polite' });

  view.append(
    h('h1', {}, 'Users and keys'),
    h('div', { className: 'columns' },
      panel('user-title', 'New user', userForm),
      panel('key-title', 'New API key', keyForm, secretPanel)),
    panel('users-title', 'Users',
      h('p', { className: 'hint' }, 'Disabling, demoting or deleting a user, or resetting its password, ends every session it holds. A disabled user cannot log in and its keys are refused until it is enabled again; deleting a user revokes its keys.'),
      usersMessage,
      table('user-list', 'Every user, by user id', ['User', 'Role', 'Team', 'State', 'Created', 'Changed', 'Actions'], userRows),
      h('div', { className: 'actions' }, moreUsers)),
    panel('keys-title', 'API keys',
      listMessage,
      table('key-list', 'Every gateway API key, newest first',
        ['Name', 'User', 'Role', 'Created', 'Ends in', 'Last used', 'Expires', 'Restrictions', 'State', 'Actions'], keyRows)));

  loadUsers(null);
  loadKeys();
  return () => { state.alive = false; };

  // ---------------------------------------------------------------------------------------------------------------

  async function createUser(event) {
    event.preventDefault();
    const body = { user_id: userId.value.trim(), password: password.value, role: role.value };
    if (userTeam.value.trim()) {
      body.team_id = userTeam.value.trim();
    }
    const created = await postForm(userForm, userMessage, '/admin/users', body, { user_id: userId, password, role, team_id: userTeam },
      refused => (refused === 409 ? `A user named ${body.user_id} exists already.` : null));
    if (!created) {
      return;
    }
    password.value = '';
    userMessage.replaceChildren(status('ok', `User ${created.user_id} created.`));
    announce(`User ${created.user_id} created.`);
    await loadUsers(null);
  }

  /** One page of users; after = null starts again from the first page, otherwise the page is appended. */
  async function loadUsers(after) {
    const query = after ? `?limit=${USER_PAGE}&after=${encodeURIComponent(after)}` : `?limit=${USER_PAGE}`;
    try {
      const { body } = await call('GET', `/admin/users${query}`);
      if (!state.alive) {
        return;
      }
      state.users = after ? [...state.users, ...body.users] : body.users;
      state.nextAfter = body.next_after || null;
      moreUsers.hidden = !state.nextAfter;
      userRows.replaceChildren(...(state.users.length ? state.users.map(userRow) : [h('tr', {}, h('td', { colspan: '7' }, 'No users yet.'))]));
      updateKnownUsers();
    } catch (error) {
      usersMessage.replaceChildren(status('error', describe(error)));
    }
  }

  function userRow(user) {
    const self = currentUser()?.userId === user.user_id;
    const actions = h('td', { className: 'actions' });
    const promoted = isAdmin ? 'admin' : 'team_admin';
    const otherRole = user.role === promoted ? 'user' : promoted;
    const buttons = [
      h('button', { type: 'button', dataset: { testid: user.disabled ? 'user-enable' : 'user-disable' }, 'aria-label': `${user.disabled ? 'Enable' : 'Disable'} ${user.user_id}`,
        onclick: () => changeUser(user, { disabled: !user.disabled }, user.disabled ? 'enabled' : 'disabled: its sessions end and its keys are refused') },
      user.disabled ? 'Enable' : 'Disable'),
      h('button', { type: 'button', dataset: { testid: 'user-role' }, 'aria-label': `Make ${otherRole}: ${user.user_id}`,
        onclick: () => changeUser(user, { role: otherRole }, `now has the role ${otherRole}`) },
      { admin: 'Make admin', team_admin: 'Make team admin', user: 'Make user' }[otherRole]),
      h('button', { type: 'button', dataset: { testid: 'user-password' }, 'aria-label': `Reset password of ${user.user_id}`, onclick: () => askPassword(user, actions, () => restore(buttons[2])) }, 'Reset password'),
      h('button', { type: 'button', dataset: { testid: 'user-delete' }, 'aria-label': `Delete ${user.user_id}`, onclick: () => {
        const confirm = h('button', { type: 'button', className: 'danger', dataset: { testid: 'user-delete-confirm' }, onclick: () => deleteUser(user) }, `Delete ${user.user_id} and revoke its keys`);
        const cancel = h('button', { type: 'button', onclick: () => restore(buttons[3]) }, 'Cancel');
        actions.replaceChildren(confirm, cancel);
        confirm.focus();
      } }, 'Delete'),
    ];
    // The API refuses to disable, demote or delete the caller's own account (409); the page does not offer it.
    const offered = self ? [buttons[2], h('span', { className: 'hint' }, 'your account')] : buttons;
    function restore(focus) {
      actions.replaceChildren(...offered);
      focus.focus();
    }
    actions.append(...offered);
    return h('tr', { dataset: { userId: user.user_id } },
      h('th', { scope: 'row' }, user.user_id),
      h('td', {}, user.role),
      h('td', { dataset: { testid: 'user-team' } }, user.team_id),
      h('td', {}, user.disabled ? 'disabled' : 'active'),
      h('td', {}, when(user.created_at)),
      h('td', {}, when(user.updated_at)),
      actions);
  }

  async function changeUser(user, body, outcome) {
    usersMessage.replaceChildren();
    try {
      const { body: changed } = await call('PATCH', `/admin/users/${encodeURIComponent(user.user_id)}`, { body });
      replaceUser(changed);
      usersMessage.replaceChildren(status('ok', `User ${changed.user_id} ${outcome}.`));
      announce(`User ${changed.user_id} ${outcome}.`);
      userRows.querySelector(`tr[data-user-id="${CSS.escape(changed.user_id)}"] button`)?.focus();
    } catch (error) {
      usersMessage.replaceChildren(status('error', describe(error)));
    }
  }

  /** The new password, typed in the row itself; the API checks its length. */
  function askPassword(user, actions, done) {
    const id = `new-password-${++state.forms}`;
    const input = h('input', { id, type: 'password', autocomplete: 'new-password', required: true, minlength: '12', dataset: { testid: 'user-password-new' } });
    const cancel = h('button', { type: 'button', onclick: done }, 'Cancel');
    const form = h('form', { novalidate: true, className: 'row', onsubmit: async event => {
      event.preventDefault();
      usersMessage.replaceChildren();
      try {
        await call('POST', `/admin/users/${encodeURIComponent(user.user_id)}/password`, { body: { new_password: input.value } });
        input.value = '';
        done();
        usersMessage.replaceChildren(status('ok', `Password of ${user.user_id} reset: its sessions have ended; its keys keep working.`));
        announce(`Password of ${user.user_id} reset.`);
      } catch (error) {
        usersMessage.replaceChildren(status('error', describe(error)));
        input.focus();
      }
    } },
    h('label', { for: id, className: 'visually-hidden' }, `New password for ${user.user_id}`),
    input,
    h('button', { type: 'submit', className: 'primary', dataset: { testid: 'user-password-set' } }, 'Set password'),
    cancel);
    actions.replaceChildren(form);
    input.focus();
  }

  async function deleteUser(user) {
    usersMessage.replaceChildren();
    try {
      await call('DELETE', `/admin/users/${encodeURIComponent(user.user_id)}`);
      state.users = state.users.filter(u => u.user_id !== user.user_id);
      userRows.querySelector(`tr[data-user-id="${CSS.escape(user.user_id)}"]`)?.remove();
      updateKnownUsers();
      usersMessage.replaceChildren(status('ok', `User ${user.user_id} deleted; its keys are revoked.`));
      announce(`User ${user.user_id} deleted.`);
      await loadKeys();
    } catch (error) {
      usersMessage.replaceChildren(status('error', describe(error)));
    }
  }

  function replaceUser(changed) {
    const index = state.users.findIndex(u => u.user_id === changed.user_id);
    if (index < 0) {
      return;
    }
    state.users[index] = changed;
    userRows.children[index]?.replaceWith(userRow(changed));
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
    const models = keyModels.value.split(',').map(m => m.trim()).filter(m => m);
    if (models.length) {
      body.models = models;
    }
    if (keyExpires.value) {
      body.expires_at = new Date(keyExpires.value).toISOString();
    }
    const metadata = parseMetadata(keyMetadata.value);
    if (metadata === null) {
      showFieldErrors(keyForm, { errors: { metadata: ['Write one name=value a line.'] } }, { metadata: keyMetadata });
      return;
    }
    if (Object.keys(metadata).length) {
      body.metadata = metadata;
    }
    const created = await postForm(keyForm, keyMessage, '/admin/keys', body,
      { user_id: keyUser, name: keyName, role: keyRole, models: keyModels, expires_at: keyExpires, metadata: keyMetadata },
      refused => (refused === 404 ? `There is no user ${body.user_id}.` : null));
    if (!created) {
      return;
    }
    keyName.value = '';
    keyModels.value = '';
    keyExpires.value = '';
    keyMetadata.value = '';
    showSecret(created.key, `Key for ${created.name} (${created.user_id}, ${created.role})`, 'Key created.', null);
    loadKeys();
  }

  /**
   * The key, once: it lives in this panel's input only, and is gone when the panel is closed or the page left.
   * previousEnds is the old secret's end after a rotation (null: it ended at once, undefined: a new key).
   */
  function showSecret(key, title, done, previousEnds) {
    const secret = h('input', { id: 'key-secret', readonly: true, value: key, className: 'secret', dataset: { testid: 'key-secret' } });
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
    const hide = h('button', { type: 'button', onclick: () => { secretPanel.replaceChildren(); keyUser.focus(); } }, 'Done, hide it');
    const previous = previousEnds === undefined ? null
      : previousEnds ? h('p', {}, 'The previous secret keeps working until ', when(previousEnds), '.')
        : h('p', {}, 'The previous secret no longer works.');
    secretPanel.replaceChildren(h('div', { className: 'secret-box', role: 'region', 'aria-labelledby': 'secret-title' },
      h('h3', { id: 'secret-title' }, title),
      h('p', {}, h('strong', {}, 'Copy it now: it is shown only this once.'), ' The gateway keeps only its hash; it cannot show it again.'),
      previous,
      h('label', { for: 'key-secret' }, 'API key'),
      h('div', { className: 'row' }, secret, copy),
      copied,
      h('div', { className: 'actions' }, hide)));
    secret.focus();
    secret.select();
    announce(`${done} It is shown once; copy it now.`);
  }

  async function loadKeys() {
    try {
      const { body } = await call('GET', '/admin/keys');
      if (!state.alive) {
        return;
      }
      state.keys = body.keys;
      keyRows.replaceChildren(...(body.keys.length ? body.keys.map(keyRow) : [h('tr', {}, h('td', { colspan: '10' }, 'No keys yet.'))]));
    } catch (error) {
      listMessage.replaceChildren(status('error', describe(error)));
    }
  }

  function keyRow(key) {
    const actions = h('td', { className: 'actions' });
    if (!key.revoked) {
      const buttons = [];
      const restore = focus => { actions.replaceChildren(...buttons); focus.focus(); };
      const rotate = h('button', { type: 'button', dataset: { testid: 'key-rotate' }, 'aria-label': `Rotate ${key.name}`, onclick: () => {
        const graceId = `grace-${key.id}`;
        const grace = select(graceId, [['', 'the gateway default'], ['0', 'none: it ends now'], ['3600', 'one hour'], ['86400', 'one day']]);
        grace.dataset.testid = 'key-rotate-grace';
        const confirm = h('button', { type: 'button', className: 'primary', dataset: { testid: 'key-rotate-confirm' }, onclick: () => rotateKey(key, grace.value) }, `Rotate ${key.name}`);
        const cancel = h('button', { type: 'button', onclick: () => restore(rotate) }, 'Cancel');
        actions.replaceChildren(h('label', { for: graceId }, 'The old secret keeps working for'), grace, confirm, cancel);
        grace.focus();
      } }, 'Rotate');
      const revoke = h('button', { type: 'button', dataset: { testid: `key-revoke-${key.id}` }, onclick: () => {
        const confirm = h('button', { type: 'button', className: 'danger', dataset: { testid: `key-revoke-confirm-${key.id}` }, onclick: () => revokeKey(key) }, `Revoke ${key.name}`);
        const cancel = h('button', { type: 'button', onclick: () => restore(revoke) }, 'Cancel');
        actions.replaceChildren(confirm, cancel);
        confirm.focus();
      } }, 'Revoke');
      buttons.push(rotate, revoke);
      actions.append(...buttons);
    }
    return h('tr', { dataset: { keyId: key.id } },
      h('th', { scope: 'row' }, key.name),
      h('td', {}, key.user_id),
      h('td', {}, key.role),
      h('td', {}, when(key.created_at), ` by ${key.created_by}`),
      h('td', {}, h('code', {}, `…${key.last_four}`)),
      h('td', { dataset: { testid: 'key-last-used' } }, key.last_used_at ? when(key.last_used_at) : 'never'),
      h('td', { dataset: { testid: 'key-expires' } }, key.expires_at ? when(key.expires_at) : 'never'),
      h('td', { dataset: { testid: 'key-restrictions' } }, restrictions(key)),
      h('td', {}, keyState(key)),
      actions);
  }

  async function rotateKey(key, grace) {
    listMessage.replaceChildren();
    const body = grace === '' ? {} : { grace_period_seconds: Number(grace) };
    try {
      const { body: rotated } = await call('POST', `/admin/keys/${encodeURIComponent(key.id)}/rotate`, { body });
      showSecret(rotated.key, `New secret for ${key.name} (${key.user_id}, ${key.role})`, 'Key rotated.', rotated.previous_key_expires_at || null);
      await loadKeys();
    } catch (error) {
      listMessage.replaceChildren(status('error', describe(error)));
    }
  }

  async function revokeKey(key) {
    listMessage.replaceChildren();
    try {
      await call('DELETE', `/admin/keys/${encodeURIComponent(key.id)}`);
      listMessage.replaceChildren(status('ok', `Key ${key.name} revoked: the next request with it is refused.`));
      announce(`Key ${key.name} revoked.`);
      await loadKeys();
    } catch (error) {
      listMessage.replaceChildren(status('error', describe(error)));
    }
  }

  function updateKnownUsers() {
    knownUsers.replaceChildren(...state.users.map(u => h('option', { value: u.user_id })));
  }
}

function keyState(key) {
  if (key.revoked) {
    return h('span', {}, 'revoked ', when(key.revoked_at), ` by ${key.revoked_by}`);
  }
  if (key.expired) {
    return 'expired';
  }
  if (key.previous_key_expires_at && new Date(key.previous_key_expires_at) > new Date()) {
    return h('span', {}, 'active; rotated, the previous secret works until ', when(key.previous_key_expires_at));
  }
  return 'active';
}

/** What the key is limited to and labelled with, in one cell; 'none' when it is as free as its user. */
function restrictions(key) {
  const lines = [];
  if (key.models) {
    lines.push(`models: ${key.models.join(', ')}`);
  }
  for (const [name, value] of Object.entries(key.metadata || {})) {
    lines.push(`${name}=${value}`);
  }
  return lines.length ? lines.map(line => h('div', {}, line)) : 'none';
}

/** name=value lines into an object; null when a non-empty line has no '='. */
function parseMetadata(text) {
  const metadata = {};
  for (const line of text.split('\n').map(l => l.trim()).filter(l => l)) {
    const at = line.indexOf('=');
    if (at <= 0) {
      return null;
    }
    metadata[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return metadata;
}

function select(id, options) {
  return h('select', { id }, options.map(([value, label]) => h('option', { value }, label)));
}
