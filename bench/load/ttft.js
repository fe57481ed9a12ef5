#!/usr/bin/env node
// Streaming probe for ./bench/load.sh: time to the first content token (TTFT) and to `data: [DONE]`, which wrk cannot
// see (it times the last byte). One request at a time; each cycle sends the same kind of streamed chat completion
// (a unique prompt, so no cache answers) to every target, in A B C order on even cycles and C B A on odd ones, so
// drift hits all targets alike. The first target is the baseline: "added" is the per-cycle difference to it.
//
//   node ttft.js --targets=mock=URL,passthrough=URL,gateway=URL [--auth="Bearer ..."] [--auth-NAME="Bearer ..."] [--model=NAME]
//                [--requests=40] [--warmup=10] [--max-seconds=60] [--salt=TEXT]
// Prints one line "LOAD_JSON {...}" (ms). Loopback targets only; bounded by --requests and --max-seconds.
'use strict';

const http = require('node:http');

const arg = (name, fallback) => {
  const prefix = `--${name}=`;
  const found = process.argv.find((a) => a.startsWith(prefix));
  return found === undefined ? fallback : found.slice(prefix.length);
};

const targets = arg('targets', '').split(',').filter(Boolean).map((pair) => {
  const at = pair.indexOf('=');
  const url = new URL(pair.slice(at + 1));
  if (!/^127\.\d+\.\d+\.\d+$/.test(url.hostname)) {
    console.error(`ttft: refusing non-loopback target ${url.hostname}`);
    process.exit(2);
  }
  const name = pair.slice(0, at);
  // --auth-NAME for one target (each gateway signs its own tokens), else --auth for all.
  return { name, url, auth: arg(`auth-${name}`, null), agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
});
const auth = arg('auth', '');
const model = arg('model', 'gpt-4o-mini-chunkdelay5-chunks20');
const requests = Number(arg('requests', '40'));
const warmup = Number(arg('warmup', '10'));
const salt = arg('salt', `${process.pid}`);
const deadline = Date.now() + Number(arg('max-seconds', '60')) * 1000;

function once(target, nonce) {
  const body = JSON.stringify({
    model,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: `[${salt} ${nonce}] Explain in a few sentences how a streamed answer reaches the client.` }],
  });
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (target.auth ?? auth) headers.authorization = target.auth ?? auth;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let first = null;
    let seen = '';
    const req = http.request(target.url, { method: 'POST', headers, agent: target.agent }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${target.name} answered ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      let finished = false;
      res.on('data', (chunk) => {
        if (finished) return;
        seen += chunk;
        if (first === null && /"content":\s*"[^"]/.test(seen)) first = process.hrtime.bigint();
        if (seen.includes('data: [DONE]')) {
          finished = true;
          const done = process.hrtime.bigint();
          resolve({ ttft: Number((first ?? done) - started) / 1e6, done: Number(done - started) / 1e6 });
        }
        if (seen.length > 8192) seen = seen.slice(-512);
      });
      res.on('end', () => { if (!finished) reject(new Error(`${target.name}: stream ended without [DONE]`)); });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (values, q) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(3);
};

(async () => {
  for (let i = 0; i < warmup; i++) for (const t of targets) await once(t, `warm-${i}`);
  const rows = Object.fromEntries(targets.map((t) => [t.name, { ttft: [], done: [], added_ttft: [], added_done: [] }]));
  let cycles = 0;
  for (let i = 0; i < requests && Date.now() < deadline; i++) {
    const order = i % 2 === 0 ? targets : [...targets].reverse();
    const got = {};
    for (const t of order) got[t.name] = await once(t, `${i}`);
    const base = got[targets[0].name];
    for (const t of targets) {
      const r = rows[t.name];
      r.ttft.push(got[t.name].ttft); r.done.push(got[t.name].done);
      r.added_ttft.push(got[t.name].ttft - base.ttft); r.added_done.push(got[t.name].done - base.done);
    }
    cycles++;
  }
  const out = { cycles, model };
  for (const [name, r] of Object.entries(rows)) {
    out[name] = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { p50: quantile(v, 0.5), p99: quantile(v, 0.99) }]));
  }
  console.log(`LOAD_JSON ${JSON.stringify(out)}`);
  for (const t of targets) t.agent.destroy();
})().catch((e) => { console.error(`ttft: ${e.message}`); process.exit(1); });
