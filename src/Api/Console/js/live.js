// Live counters from the gateway's own metrics (GET /metrics, the Prometheus text every scraper reads), polled while the
// page is open. They count since this instance started, on this instance only. Usage and cost over days, shared by
// every instance, are the Usage page's (GET /admin/usage).
import { describe, send } from './api.js';
import { h, panel, status, svg, table } from './dom.js';

const POLL_MS = 5000;
const HISTORY = 24;
// Not traffic an admin asks about: scrapes, probes and the console's own files (no route).
const IGNORED_ROUTES = new Set(['/metrics', '/health', '/health/ready', '(none)']);

export function render(view) {
  const state = { alive: true, timer: 0, previous: null, deltas: [] };

  const tiles = h('dl', { className: 'tiles', dataset: { testid: 'live-counters' } });
  const chart = h('figure', { className: 'chart', dataset: { testid: 'usage-chart' } });
  const blocks = h('tbody');
  const routes = h('tbody');
  const message = h('div', { 'aria-live': 'polite' });
  const updated = h('p', { className: 'hint' });

  view.append(
    h('h1', {}, 'Live counters'),
    h('p', { className: 'hint' }, `From this instance's metrics (${location.origin}/metrics), since it started; refreshed every ${POLL_MS / 1000} s while this page is open. Scrapes, health probes and the console's own files are left out.`),
    message,
    panel('totals-title', 'Totals', tiles, updated),
    panel('chart-title', 'Requests per interval', chart),
    h('div', { className: 'columns' },
      panel('blocks-title', 'Blocks by reason', table('live-blocks', null, ['Reason', 'Blocked', 'Would block (monitor)'], blocks)),
      panel('routes-title', 'Requests by route and outcome', table('live-routes', null, ['Route', 'Outcome', 'Requests'], routes))));

  poll();
  return () => {
    state.alive = false;
    clearTimeout(state.timer);
  };

  async function poll() {
    try {
      const response = await send('GET', '/metrics', { anonymous: true, accept: 'text/plain' });
      if (!state.alive) {
        return;
      }
      if (!response.ok) {
        message.replaceChildren(status('error', `The metrics endpoint answered ${response.status}.`));
      } else {
        message.replaceChildren();
        show(summarize(parsePrometheus(response.body)));
      }
    } catch (error) {
      if (state.alive) {
        message.replaceChildren(status('error', describe(error)));
      }
    }
    if (state.alive) {
      state.timer = setTimeout(poll, POLL_MS);
    }
  }

  function show(summary) {
    const hitRatio = summary.cacheHits + summary.cacheMisses === 0
      ? '—'
      : `${Math.round((100 * summary.cacheHits) / (summary.cacheHits + summary.cacheMisses))} %`;
    tiles.replaceChildren(
      tile('Requests', summary.requests, 'live-requests'),
      tile('Blocked', summary.blocked, 'live-blocked'),
      tile('Rate limited', summary.rateLimited, 'live-rate-limited'),
      tile('Cache hit ratio', hitRatio, 'live-cache'),
      tile('Provider fallbacks', summary.fallbacks, 'live-fallbacks'));
    updated.textContent = `Updated ${new Date().toLocaleTimeString()}.`;

    if (state.previous !== null) {
      state.deltas.push(Math.max(0, summary.requests - state.previous));
      state.deltas.splice(0, Math.max(0, state.deltas.length - HISTORY));
    }
    state.previous = summary.requests;
    drawChart(chart, state.deltas);

    const reasons = [...new Set([...summary.blocks.keys(), ...summary.monitored.keys()])].sort();
    blocks.replaceChildren(...(reasons.length
      ? reasons.map(reason => h('tr', {}, h('th', { scope: 'row' }, reason), h('td', {}, String(summary.blocks.get(reason) ?? 0)), h('td', {}, String(summary.monitored.get(reason) ?? 0))))
      : [h('tr', {}, h('td', { colspan: '3' }, 'Nothing blocked yet.'))]));
    routes.replaceChildren(...(summary.routes.length
      ? summary.routes.map(r => h('tr', {}, h('th', { scope: 'row' }, r.route), h('td', {}, r.outcome), h('td', {}, String(r.count))))
      : [h('tr', {}, h('td', { colspan: '3' }, 'No requests yet.'))]));
  }
}

function tile(label, value, testid) {
  return h('div', { className: 'tile' }, h('dt', {}, label), h('dd', { dataset: { testid } }, String(value)));
}

/** Bars of requests per polling interval, newest on the right; an SVG with attributes only (the CSP allows no inline style). */
function drawChart(figure, deltas) {
  const width = 600;
  const height = 160;
  const max = Math.max(1, ...deltas);
  const slot = width / HISTORY;
  const bars = deltas.map((value, index) => {
    const barHeight = Math.round(((height - 20) * value) / max);
    const x = (HISTORY - deltas.length + index) * slot;
    return svg('rect', { x: x + 2, y: height - barHeight, width: slot - 4, height: barHeight, class: 'bar' },
      svg('title', {}, `${value} request${value === 1 ? '' : 's'}`));
  });
  const last = deltas.length ? deltas[deltas.length - 1] : 0;
  const summary = deltas.length
    ? `Requests in each of the last ${deltas.length} intervals of ${POLL_MS / 1000} s: ${deltas.join(', ')}. Most recent: ${last}.`
    : 'Collecting: the first bar appears after one interval.';
  figure.replaceChildren(
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary, class: 'bars' },
      svg('line', { x1: 0, y1: height - 0.5, x2: width, y2: height - 0.5, class: 'axis' }),
      svg('text', { x: 4, y: 14, class: 'label' }, `max ${Math.max(0, ...deltas)}`),
      ...bars),
    h('figcaption', {}, summary));
}

/** Prometheus text → [{ name, labels: {..}, value }]. Comments and blank lines are skipped. */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) {
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) {
      continue;
    }
    const labels = {};
    for (const label of (match[2] || '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[label[1]] = label[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The counters an admin watches, from the gateway's instruments (docs/observability.md). */
export function summarize(samples) {
  const summary = { requests: 0, blocked: 0, rateLimited: 0, cacheHits: 0, cacheMisses: 0, fallbacks: 0, blocks: new Map(), monitored: new Map(), routes: [] };
  const routes = new Map();
  for (const { name, labels, value } of samples) {
    switch (name) {
      case 'gateway_requests_total': {
        const route = labels.http_route ?? '(none)';
        if (IGNORED_ROUTES.has(route)) {
          break;
        }
        summary.requests += value;
        const key = `${route} ${labels.gateway_outcome}`;
        const entry = routes.get(key) ?? { route, outcome: labels.gateway_outcome ?? '', count: 0 };
        entry.count += value;
        routes.set(key, entry);
        break;
      }
      case 'gateway_blocks_total':
        summary.blocked += value;
        add(summary.blocks, labels.gateway_block_reason, value);
        break;
      case 'gateway_monitored_blocks_total':
        add(summary.monitored, labels.gateway_block_reason, value);
        break;
      case 'gateway_rate_limited_total':
        summary.rateLimited += value;
        break;
      case 'gateway_cache_lookups_total':
        if (labels.gateway_cache_result === 'hit') {
          summary.cacheHits += value;
        } else {
          summary.cacheMisses += value;
        }
        break;
      case 'gateway_provider_fallbacks_total':
        summary.fallbacks += value;
        break;
      default:
        break;
    }
  }
  summary.routes = [...routes.values()].sort((a, b) => b.count - a.count);
  return summary;
}

function add(map, key, value) {
  map.set(key, (map.get(key) ?? 0) + value);
}
