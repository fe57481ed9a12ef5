// Teams: the listing (GET /admin/teams), a new team, deleting one. Users and keys are put in a team on their own page;
// a team's policy overlay is edited through the API (docs/api.md).
import { ApiError, call, send } from './api.js';
import { announce, field, h, status, when } from './dom.js';

export function render(view) {
  const state = { alive: true };
  const teamId = h('input', { id: 'team-id', autocomplete: 'off', required: true, maxlength: '64', dataset: { testid: 'team-create-id' } });
  const teamName = h('input', { id: 'team-name', autocomplete: 'off', required: true, maxlength: '100', dataset: { testid: 'team-create-name' } });
  const formMessage = h('div', { 'aria-live': 'polite' });
  const form = h('form', { novalidate: true, onsubmit: create },
    field('Team id', teamId, 'Lower-case letters, digits, - and _; it never changes.'),
    field('Name', teamName),
    h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary', dataset: { testid: 'team-create' } }, 'Create team')),
    formMessage);
  const rows = h('tbody');
  const listMessage = h('div', { 'aria-live': 'polite' });

  view.append(
    h('h1', {}, 'Teams'),
    h('section', { className: 'panel', 'aria-labelledby': 'team-new-title' },
      h('h2', { id: 'team-new-title' }, 'New team'),
      form),
    h('section', { className: 'panel', 'aria-labelledby': 'teams-title' },
      h('h2', { id: 'teams-title' }, 'Teams'),
      h('p', { className: 'hint' }, 'A team with users or keys cannot be deleted: move them first. The default team always exists.'),
      listMessage,
      h('table', { dataset: { testid: 'team-list' } },
        h('caption', { className: 'visually-hidden' }, 'Every team, by team id'),
        h('thead', {}, h('tr', {}, ['Team', 'Name', 'Created', 'Actions'].map(name => h('th', { scope: 'col' }, name)))),
        rows)));

  load();
  return () => { state.alive = false; };

  async function load() {
    try {
      const { body } = await call('GET', '/admin/teams');
      if (state.alive) {
        rows.replaceChildren(...body.teams.map(row));
      }
    } catch (error) {
      listMessage.replaceChildren(status('error', error instanceof ApiError ? error.describe() : error.message));
    }
  }

  function row(team) {
    const actions = h('td', { className: 'actions' });
    if (team.team_id !== 'default') {
      const remove = h('button', { type: 'button', 'aria-label': `Delete team ${team.team_id}`, onclick: () => {
        const confirm = h('button', { type: 'button', className: 'danger', dataset: { testid: 'team-delete-confirm' }, onclick: () => removeTeam(team) }, `Delete ${team.team_id}`);
        const cancel = h('button', { type: 'button', onclick: () => { actions.replaceChildren(remove); remove.focus(); } }, 'Cancel');
        actions.replaceChildren(confirm, cancel);
        confirm.focus();
      } }, 'Delete');
      actions.append(remove);
    }
    return h('tr', { dataset: { teamId: team.team_id } },
      h('th', { scope: 'row' }, team.team_id),
      h('td', {}, team.name),
      h('td', {}, when(team.created_at), ` by ${team.created_by}`),
      actions);
  }

  async function create(event) {
    event.preventDefault();
    formMessage.replaceChildren();
    const body = { team_id: teamId.value.trim(), name: teamName.value.trim() };
    const response = await send('POST', '/admin/teams', { body }).catch(error => ({ failure: error }));
    if (response.failure) {
      formMessage.replaceChildren(status('error', `The gateway cannot be reached (${response.failure.message}).`));
      return;
    }
    if (!response.ok) {
      formMessage.replaceChildren(status('error', new ApiError(response).describe()));
      return;
    }
    teamId.value = '';
    teamName.value = '';
    formMessage.replaceChildren(status('ok', `Team ${body.team_id} created.`));
    announce(`Team ${body.team_id} created.`);
    await load();
  }

  async function removeTeam(team) {
    listMessage.replaceChildren();
    try {
      await call('DELETE', `/admin/teams/${encodeURIComponent(team.team_id)}`);
      listMessage.replaceChildren(status('ok', `Team ${team.team_id} deleted.`));
      announce(`Team ${team.team_id} deleted.`);
    } catch (error) {
      listMessage.replaceChildren(status('error', error instanceof ApiError ? error.describe() : error.message));
    }
    await load();
  }
}
