#!/usr/bin/env node
// Phases of each streamed request's time to first token, from `tcpdump -n -tt -A` text of the loopback interface
// (./bench/ttft-breakdown.sh). Requests are one at a time, so each server's request is matched with the next request
// to the mock that starts after it, and with the Redis packets between the two.
//
//   node ttft-phases.js --packets=FILE --gateway=PORT --passthrough=PORT --mock=PORT --redis=PORT
// Prints a Markdown table of medians and p90s (ms).
'use strict';

const fs = require('node:fs');

const arg = (name) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (!found) {
    console.error(`ttft-phases: --${name}= is required`);
    process.exit(2);
  }
  return found.slice(name.length + 3);
};
const ports = { gateway: arg('gateway'), passthrough: arg('passthrough'), mock: arg('mock'), redis: arg('redis') };

// Packets with a payload: time (s), source and destination port, text.
const header = /^(\d+\.\d+) IP 127\.0\.0\.1\.(\d+) > 127\.0\.0\.1\.(\d+): .*length (\d+)/;
const packets = [];
let current = null;
for (const line of fs.readFileSync(arg('packets'), 'latin1').split('\n')) {
  const m = header.exec(line);
  if (m) {
    current = Number(m[4]) > 0 ? { t: Number(m[1]), from: m[2], to: m[3], text: '' } : null;
    if (current) packets.push(current);
  } else if (current) {
    current.text += line;
  }
}

const hasContent = (text) => /"content":\s*"[^"]/.test(text);

// Per client connection of a server: each request (a packet starting "POST") with the server's packets back to it.
function requestsTo(port) {
  const byClient = new Map();
  const requests = [];
  for (const p of packets) {
    if (p.to === port && p.text.includes('POST /')) {
      const request = { t: p.t, replies: [] };
      byClient.set(p.from, request);
      requests.push(request);
    } else if (p.from === port && byClient.has(p.to)) {
      byClient.get(p.to).replies.push(p);
    }
  }
  return requests;
}

const upstream = requestsTo(ports.mock);
const firstContent = (replies) => replies.find((p) => hasContent(p.text))?.t;

const phases = [
  ['request in → Redis command out', (r) => r.redisOut - r.t],
  ['Redis command → reply', (r) => r.redisIn - r.redisOut],
  ['Redis reply → request to the mock out', (r) => r.upOut - r.redisIn],
  ['request in → request to the mock out', (r) => r.upOut - r.t],
  ["the mock's first content in → first content out to the client", (r) => r.out - r.upIn],
  ['request in → first content out (TTFT inside the server)', (r) => r.out - r.t],
];

const quantile = (values, q) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const rows = {};
for (const server of ['passthrough', 'gateway']) {
  rows[server] = [];
  for (const request of requestsTo(ports[server])) {
    if (!request.replies.some((p) => p.text.includes('text/event-stream'))) continue;
    const up = upstream.find((u) => u.t >= request.t);
    if (!up) continue;
    const redisOut = packets.find((p) => p.to === ports.redis && p.t >= request.t && p.t <= up.t);
    const redisIn = packets.find((p) => p.from === ports.redis && redisOut && p.t >= redisOut.t && p.t <= up.t);
    const out = firstContent(request.replies);
    const upIn = firstContent(up.replies);
    if (out === undefined || upIn === undefined) continue;
    rows[server].push({ t: request.t, upOut: up.t, upIn, out, redisOut: redisOut?.t ?? NaN, redisIn: redisIn?.t ?? NaN });
  }
}

const ms = (v) => (v === null ? '' : (v * 1000).toFixed(3));
console.log(`| phase (ms, p50 / p90) | pass-through (${rows.passthrough.length} streams) | gateway (${rows.gateway.length} streams) |`);
console.log('|---|---:|---:|');
for (const [name, f] of phases) {
  const cell = (server) => {
    const values = rows[server].map(f);
    const p50 = quantile(values, 0.5);
    return p50 === null ? '—' : `${ms(p50)} / ${ms(quantile(values, 0.9))}`;
  };
  console.log(`| ${name} | ${cell('passthrough')} | ${cell('gateway')} |`);
}
