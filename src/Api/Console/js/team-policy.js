// A team's policy overlay: the policy editor on /admin/teams/{id}/policy, reached as #/team-policy/{id}. An admin
// picks any team; a team admin has its own, the only one GET /admin/teams answers it with (the API refuses another
// team's overlay as unknown, which the editor shows as it shows any refusal).
import { call, describe } from './api.js';
import { field, h, status } from './dom.js';
import { renderPolicyEditor } from './policy-editor.js';

export function render(view, teamId) {
  const state = { alive: true, cleanup: null };
  const chooser = h('select', { id: 'team-policy-team', dataset: { testid: 'team-policy-team' } });
  const form = h('form', { className: 'inline', onsubmit: event => {
    event.preventDefault();
    location.hash = `#/team-policy/${encodeURIComponent(chooser.value)}`;
  } },
  field('Team', chooser),
  h('button', { type: 'submit', dataset: { testid: 'team-policy-open' } }, 'Open its overlay'));
  const message = h('div', { 'aria-live': 'polite' });
  const editor = h('div', { dataset: { testid: 'team-policy' } });

  view.append(
    h('h1', {}, 'Team policy'),
    h('p', { className: 'hint' }, 'A team\'s overlay sets some fields of the policy document for the team\'s callers; every other field keeps the global policy\'s value. What applies to the team is the global policy with the overlay merged over it.'),
    h('section', { className: 'panel', 'aria-labelledby': 'team-policy-choose' },
      h('h2', { id: 'team-policy-choose', className: 'visually-hidden' }, 'Team'),
      form),
    message,
    editor);

  load();
  return () => {
    state.alive = false;
    state.cleanup?.();
  };

  async function load() {
    let teams = [];
    try {
      teams = (await call('GET', '/admin/teams')).body.teams;
    } catch (error) {
      message.replaceChildren(status('error', describe(error)));
    }
    if (!state.alive) {
      return;
    }
    chooser.replaceChildren(...teams.map(team => h('option', { value: team.team_id }, `${team.team_id} (${team.name})`)));
    const chosen = teamId || (teams.some(team => team.team_id === 'default') ? 'default' : teams[0]?.team_id);
    if (!chosen) {
      return;
    }
    chooser.value = chosen;
    state.cleanup = renderPolicyEditor(editor, {
      path: `/admin/teams/${encodeURIComponent(chosen)}/policy`,
      subject: `the overlay of team ${chosen}`,
      documentLabel: `Overlay of team ${chosen} (JSON): only the fields the team sets`,
      dryRunHint: `What team ${chosen}'s policy — the global policy with the draft overlay merged over it — would decide on a prompt and on a model's answer, without publishing it or calling a model.`,
      none: 'no overlay yet: the team has the global policy as it is',
    });
  }
}
