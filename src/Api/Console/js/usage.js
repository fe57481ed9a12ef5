// Usage and cost from GET /admin/usage: one group per team, user, key or model over whole UTC days, as a bar chart of
// cost and a table of requests, tokens and cost. The gateway decides who sees what (an admin every team, a team admin
// their own); this page only shows what the API answers.
import { ApiError, call } from './api.js';
import { field, h, status, svg } from './dom.js';

const GROUPS = [['team', 'Team'], ['user', 'User'], ['key', 'API key'], ['model', 'Model']];
const MAX_BARS = 12;

export function render(view) {
  const state = { alive: true };
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);

  const groupBy = h('select', { id: 'usage-group-by', name: 'group_by', dataset: { testid: 'usage-group-by' } },
    GROUPS.map(([value, label]) => h('option', { value }, label)));
  const from = h('input', { id: 'usage-from', name: 'from', type: 'date', value: monthAgo, required: true, dataset: { testid: 'usage-from' } });
  const to = h('input', { id: 'usage-to', name: 'to', type: 'date', value: today, required: true, dataset: { testid: 'usage-to' } });
  const message = h('div', { 'aria-live': 'polite' });
  const chart = h('figure', { className: 'chart', dataset: { testid: 'usage-chart' } });
  const rows = h('tbody');
  const total = h('tfoot');
  const form = h('form', { className: 'inline', onsubmit: event => { event.preventDefault(); load(); } },
    field('Group by', groupBy),
    field('From (UTC)', from),
    field('To (UTC)', to),
    h('button', { type: 'submit', className: 'primary', dataset: { testid: 'usage-show' } }, 'Show'));

  view.append(
    h('h1', {}, 'Usage'),
    h('p', { className: 'hint' }, 'Requests a provider answered, with the tokens it reported and their cost at the configured prices, over whole UTC days. Cache hits and refused requests cost nothing and are not counted.'),
    h('section', { className: 'panel', 'aria-labelledby': 'usage-query-title' }, h('h2', { id: 'usage-query-title', className: 'visually-hidden' }, 'Period and grouping'), form),
    message,
    h('section', { className: 'panel', 'aria-labelledby': 'usage-chart-title' }, h('h2', { id: 'usage-chart-title' }, 'Cost by group'), chart),
    h('section', { className: 'panel', 'aria-labelledby': 'usage-table-title' },
      h('h2', { id: 'usage-table-title' }, 'Requests, tokens and cost'),
      h('table', { dataset: { testid: 'usage-table' } },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Group'),
          h('th', { scope: 'col' }, 'Requests'),
          h('th', { scope: 'col' }, 'Input tokens'),
          h('th', { scope: 'col' }, 'Output tokens'),
          h('th', { scope: 'col' }, 'Cost (USD)'))),
        rows,
        total)));

  load();
  return () => { state.alive = false; };

  async function load() {
    const query = new URLSearchParams({ group_by: groupBy.value, from: from.value, to: to.value });
    try {
      const response = await call('GET', `/admin/usage?${query}`);
      if (state.alive) {
        message.replaceChildren();
        show(response.body);
      }
    } catch (error) {
      if (state.alive) {
        message.replaceChildren(status('error', error instanceof ApiError ? error.describe() : 'The gateway cannot be reached.'));
      }
    }
  }

  function show(report) {
    rows.replaceChildren(...report.groups.map(group => h('tr', {},
      h('th', { scope: 'row' }, group.group),
      h('td', {}, String(group.requests)),
      h('td', {}, String(group.input_tokens)),
      h('td', {}, String(group.output_tokens)),
      h('td', {}, usd(group.cost_usd)))));
    total.replaceChildren(h('tr', {},
      h('th', { scope: 'row' }, 'Total'),
      h('td', {}, String(report.total.requests)),
      h('td', {}, String(report.total.input_tokens)),
      h('td', {}, String(report.total.output_tokens)),
      h('td', {}, usd(report.total.cost_usd))));
    chart.replaceChildren(bars(report.groups.slice(0, MAX_BARS)),
      h('figcaption', { className: 'hint' }, `${report.from} to ${report.to}, by ${report.group_by}${report.groups.length > MAX_BARS ? `; the ${MAX_BARS} most expensive of ${report.groups.length}` : ''}.`));
  }
}

/** Horizontal bars of cost, one per group, most expensive first (the API's order). */
function bars(groups) {
  const width = 640;
  const row = 24;
  const label = 180;
  const height = Math.max(1, groups.length) * row;
  const max = Math.max(0, ...groups.map(g => g.cost_usd));
  const summary = groups.length === 0
    ? 'No usage in this period.'
    : `Cost by group: ${groups.map(g => `${g.group} ${usd(g.cost_usd)}`).join(', ')}`;
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary, class: 'bars' },
    groups.map((group, i) => {
      const length = max > 0 ? Math.max(1, (width - label - 90) * group.cost_usd / max) : 1;
      return svg('g', {},
        svg('text', { x: 0, y: (i * row) + 16, class: 'label' }, group.group.length > 24 ? `${group.group.slice(0, 23)}…` : group.group),
        svg('rect', { x: label, y: (i * row) + 4, width: length, height: row - 8, class: 'bar' }, svg('title', {}, `${group.group}: ${usd(group.cost_usd)}`)),
        svg('text', { x: label + length + 6, y: (i * row) + 16, class: 'label' }, usd(group.cost_usd)));
    }));
}

function usd(amount) {
  return `$${Number(amount).toFixed(6).replace(/0{1,4}$/, '')}`;
}
