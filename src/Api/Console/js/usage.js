// Usage and cost from GET /admin/usage?interval=day: one group per team, user, key or model over whole UTC days, as a
// bar chart of cost and a table of requests, tokens and cost; and per day, as stacked columns (cost, requests or tokens)
// and a table of every group's days. The gateway decides who sees what (an admin every team, a team admin their own);
// this page only shows what the API answers.
import { call, describe } from './api.js';
import { field, h, panel, status, svg, table } from './dom.js';

const GROUPS = [['team', 'Team'], ['user', 'User'], ['key', 'API key'], ['model', 'Model']];
const MAX_BARS = 12;
const COUNT_COLUMNS = ['Requests', 'Input tokens', 'Output tokens', 'Cost (USD)'];
const MAX_SERIES = 5; // groups with a colour of their own in the per-day chart; the rest stack as "other"
const METRICS = {
  cost: { label: 'Cost (USD)', of: counts => counts.cost_usd, format: amount => usd(amount) },
  requests: { label: 'Requests', of: counts => counts.requests, format: String },
  tokens: { label: 'Tokens (input + output)', of: counts => counts.input_tokens + counts.output_tokens, format: String },
};

export function render(view) {
  const state = { alive: true, report: null };
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
  const metric = h('select', { id: 'usage-metric', dataset: { testid: 'usage-metric' }, onchange: () => showDaily() },
    Object.entries(METRICS).map(([value, { label }]) => h('option', { value }, label)));
  const dailyChart = h('figure', { className: 'chart', dataset: { testid: 'usage-daily-chart' } });
  const dailyRows = h('tbody');
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
    panel('usage-chart-title', 'Cost by group', chart),
    panel('usage-table-title', 'Requests, tokens and cost',
      table('usage-table', null, ['Group', ...COUNT_COLUMNS], rows, total)),
    panel('usage-daily-title', 'Per day',
      field('Chart shows', metric),
      dailyChart,
      table('usage-daily-table', 'Every group\'s use per UTC day, oldest day first', ['Day', 'Group', ...COUNT_COLUMNS], dailyRows)));

  load();
  return () => { state.alive = false; };

  async function load() {
    const query = new URLSearchParams({ group_by: groupBy.value, from: from.value, to: to.value, interval: 'day' });
    try {
      const response = await call('GET', `/admin/usage?${query}`);
      if (state.alive) {
        message.replaceChildren();
        show(response.body);
      }
    } catch (error) {
      if (state.alive) {
        message.replaceChildren(status('error', describe(error)));
      }
    }
  }

  function show(report) {
    state.report = report;
    rows.replaceChildren(...report.groups.map(group => h('tr', {}, h('th', { scope: 'row' }, group.group), countCells(group))));
    total.replaceChildren(h('tr', {}, h('th', { scope: 'row' }, 'Total'), countCells(report.total)));
    chart.replaceChildren(bars(report.groups.slice(0, MAX_BARS)),
      h('figcaption', { className: 'hint' }, `${report.from} to ${report.to}, by ${report.group_by}${report.groups.length > MAX_BARS ? `; the ${MAX_BARS} most expensive of ${report.groups.length}` : ''}.`));
    // Oldest day first; within a day, the groups in the report's order (the most expensive over the period first).
    const perDay = report.groups.flatMap(group => (group.days || []).map(day => ({ group: group.group, day })))
      .sort((a, b) => a.day.day.localeCompare(b.day.day));
    dailyRows.replaceChildren(...(perDay.length
      ? perDay.map(({ group, day }) => h('tr', {}, h('td', {}, day.day), h('th', { scope: 'row' }, group), countCells(day)))
      : [h('tr', {}, h('td', { colspan: '6' }, 'No usage in this period.'))]));
    showDaily();
  }

  function showDaily() {
    const report = state.report;
    if (!report) {
      return;
    }
    const chosen = METRICS[metric.value];
    dailyChart.replaceChildren(...columns(report, chosen),
      h('figcaption', { className: 'hint' }, `${chosen.label} per UTC day, ${report.from} to ${report.to}, by ${report.group_by}${report.groups.length > MAX_SERIES ? `; the ${MAX_SERIES} most expensive groups, the others stacked as "other"` : ''}. The table below has every number.`));
  }
}

/** The cells of COUNT_COLUMNS for a group, a total or a day. */
function countCells(counts) {
  return [String(counts.requests), String(counts.input_tokens), String(counts.output_tokens), usd(counts.cost_usd)].map(text => h('td', {}, text));
}

/**
 * Stacked columns, one per day of the period (a day without use stays empty), one colour per group: the report's
 * first MAX_SERIES groups (the most expensive), the rest summed as "other". Returns the chart and its legend.
 */
function columns(report, metric) {
  const days = [];
  for (let day = new Date(`${report.from}T00:00:00Z`); day <= new Date(`${report.to}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1)) {
    days.push(day.toISOString().slice(0, 10));
  }
  const named = report.groups.slice(0, MAX_SERIES).map(group => group.group);
  const series = report.groups.length > MAX_SERIES ? [...named, 'other'] : named;
  const values = new Map(days.map(day => [day, new Array(series.length).fill(0)]));
  report.groups.forEach((group, index) => {
    for (const day of group.days || []) {
      values.get(day.day)[Math.min(index, MAX_SERIES)] += metric.of(day);
    }
  });

  const width = 640;
  const height = 200;
  const left = 8;
  const bottom = 20;
  const top = 18;
  const step = (width - left) / Math.max(1, days.length);
  const totals = new Map(days.map(day => [day, sum(values.get(day))]));
  const busiest = days.reduce((best, day) => (totals.get(day) > totals.get(best) ? day : best), days[0]);
  const max = Math.max(0, totals.get(busiest) ?? 0);
  const scale = max > 0 ? (height - bottom - top) / max : 0;
  const summary = max === 0
    ? `${metric.label} per day: no usage in this period.`
    : `${metric.label} per day from ${report.from} to ${report.to}: the most on ${busiest}, ${metric.format(max)}.`;

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary, class: 'bars' },
    svg('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: 'axis' }),
    svg('text', { x: left, y: 12, class: 'label' }, max > 0 ? `max ${metric.format(max)}` : ''),
    svg('text', { x: left, y: height - 4, class: 'label' }, days[0]),
    svg('text', { x: width - 4, y: height - 4, class: 'label end' }, days[days.length - 1]),
    days.map((day, d) => {
      let y = height - bottom;
      return values.get(day).map((value, s) => {
        if (value <= 0) {
          return null;
        }
        const length = Math.max(1, value * scale);
        y -= length;
        return svg('rect', { x: left + (d * step) + (step * 0.1), y, width: Math.max(1, step * 0.8), height: length, class: `series-${s}` },
          svg('title', {}, `${day}, ${series[s]}: ${metric.format(value)}`));
      });
    }));
  const legend = h('ul', { className: 'legend', 'aria-label': 'Colours' },
    series.map((name, s) => h('li', {}, svg('svg', { viewBox: '0 0 12 12', width: 12, height: 12, 'aria-hidden': 'true' }, svg('rect', { width: 12, height: 12, class: `series-${s}` })), name)));
  return [chart, legend];
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
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
