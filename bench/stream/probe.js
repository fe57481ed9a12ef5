#!/usr/bin/env node
// Paired streaming probe: the same streamed chat completion sent to two targets (the mock upstream directly, and
// the gateway in front of it), alternately A B / B A, one request at a time. For each request it records the time
// to the first content token and to `data: [DONE]`, reading the SSE events as they arrive; it prints medians and
// p99 per target and of the per-pair differences (what the gateway adds), as one JSON line.
//
// Usage: node probe.js --direct=URL --gateway=URL --token=BEARER --model=NAME [--requests=200] [--max-seconds=120]
// Only loopback targets; bounded by --requests and --max-seconds.
'use strict';

const http = require('node:http');

const arg = (name, fallback) => {
  const prefix = `--${name}=`;
  const found = process.argv.find((a) => a.startsWith(prefix));
  return found === undefined ? fallback : found.slice(prefix.length);
};

const direct = new URL(arg('direct'));
const gateway = new URL(arg('gateway'));
for (const url of [direct, gateway]) {
  if (!/^127\.\d+\.\d+\.\d+$/.test(url.hostname)) {
    console.error(`probe: refusing non-loopback target ${url.hostname}`);
    process.exit(2);
  }
}
const token = arg('token');
const model = arg('model', 'mock-gpt');
const requests = Number(arg('requests', '200'));
const deadline = Date.now() + Number(arg('max-seconds', '120')) * 1000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function once(url, auth, nonce) {
  const body = JSON.stringify({
    model,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: `Tell me about streaming, request ${nonce}.` }],
  });
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (auth) headers.authorization = `Bearer ${auth}`;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let firstToken = null;
    let pending = '';
    const req = http.request(url, { method: 'POST', headers, agent }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${url.host} answered ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        pending += chunk;
        if (firstToken === null && /"content":"[^"]/.test(pending)) firstToken = process.hrtime.bigint();
        if (pending.includes('data: [DONE]')) {
          const done = process.hrtime.bigint();
          res.resume();
          resolve({ ttft: Number((firstToken ?? done) - started) / 1e6, total: Number(done - started) / 1e6 });
        }
        if (pending.length > 4096) pending = pending.slice(-256);
      });
      res.on('end', () => reject(new Error(`${url.host}: stream ended without [DONE]`)));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const summary = (values) => ({ p50: +quantile(values, 0.5).toFixed(3), p99: +quantile(values, 0.99).toFixed(3) });

(async () => {
  const rows = { direct: { ttft: [], total: [] }, gateway: { ttft: [], total: [] }, added: { ttft: [], total: [] } };
  // Warm-up: connections, JIT, the gateway's first-request costs.
  for (let i = 0; i < 20; i++) {
    await once(direct, null, `warm-${i}`);
    await once(gateway, token, `warm-${i}`);
  }
  for (let i = 0; i < requests && Date.now() < deadline; i++) {
    const nonce = `${process.pid}-${i}`;
    const pair = i % 2 === 0
      ? [await once(direct, null, nonce), await once(gateway, token, nonce)]
      : [null, await once(gateway, token, nonce)];
    if (pair[0] === null) pair[0] = await once(direct, null, nonce);
    const [d, g] = pair;
    rows.direct.ttft.push(d.ttft); rows.direct.total.push(d.total);
    rows.gateway.ttft.push(g.ttft); rows.gateway.total.push(g.total);
    rows.added.ttft.push(g.ttft - d.ttft); rows.added.total.push(g.total - d.total);
  }
  const out = { requests: rows.direct.ttft.length, model };
  for (const [name, r] of Object.entries(rows)) out[name] = { ttft_ms: summary(r.ttft), total_ms: summary(r.total) };
  console.log(JSON.stringify(out));
  agent.destroy();
})().catch((e) => { console.error(`probe: ${e.message}`); process.exit(1); });
