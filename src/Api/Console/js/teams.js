// Teams: the listing (GET /admin/teams), a new team, deleting one. Users and keys are put in a team on their own page,
// a team's policy overlay on the Team policy page (linked from each row).
import { call, describe } from './api.js';
import { announce, field, h, panel, status, table, when } from './dom.js';
import { postForm } from './forms.js';

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
    panel('team-new-title', 'New team', form),
    panel('teams-title', 'Teams',
      h('p', { className: 'hint' }, 'A team with users or keys cannot be deleted: move them first. The default team always exists.'),
      listMessage,
      table('team-list', 'Every team, by team id', ['Team', 'Name', 'Created', 'Actions'], rows)));

  load();
  return () => { state.alive = false; };

  async function load() {
    try {
      const { body } = await call('GET', '/admin/teams');
      if (state.alive) {
        rows.replaceChildren(...body.teams.map(row));
      }
    } catch (error) {
      listMessage.replaceChildren(status('error', describe(error)));
    }
  }

  function row(team) {
    const link = h('a', { href: `#/team-policy/${encodeURIComponent(team.team_id)}`, 'aria-label': `Policy overlay of ${team.team_id}`, dataset: { testid: 'team-policy-link' } }, 'Policy overlay');
    const actions = h('td', { className: 'actions' }, link);
    if (team.team_id !== 'default') {
      const remove = h('button', { type: 'button', 'aria-label': `Delete team ${team.team_id}`, onclick: () => {
        const confirm = h('button', { type: 'button', className: 'danger', dataset: { testid: 'team-delete-confirm' }, onclick: () => removeTeam(team) }, `Delete ${team.team_id}`);
        const cancel = h('button', { type: 'button', onclick: () => { actions.replaceChildren(link, remove); remove.focus(); } }, 'Cancel');
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
    const body = { team_id: teamId.value.trim(), name: teamName.value.trim() };
    if (!await postForm(form, formMessage, '/admin/teams', body, { team_id: teamId, name: teamName })) {
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
      listMessage.replaceChildren(status('error', describe(error)));
    }
    await load();
  }
}
