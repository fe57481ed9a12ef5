#!/usr/bin/env node
// Soak driver: a FIXED request rate (open loop: requests are sent on a timer whatever the gateway does) through the
// gateway's full pipeline for a bounded time, sampling the gateway process every SAMPLE seconds.
//
// Mix per request: a cache miss (unique prompt), a cache hit (one of HIT_PROMPTS fixed prompts; each one's first use
// is a miss) or a stream (unique prompt, "stream": true, must end with data: [DONE]). Everything goes to
// POST /v1/chat/completions with the bearer token in SOAK_TOKEN.
//
// Each sample: requests answered in the interval, errors (network error, non-2xx, a stream without [DONE], more
// than MAX_INFLIGHT waiting), latency p50/p99 from the scheduled send time (coordinated-omission corrected), cache
// hits; from the gateway: RSS (/proc/PID/status), GC heap after the last collection (sum over generations), gen0/1/2
// collection counts, thread-pool threads and queue length (the dotnet_* runtime metrics at GET /metrics). Prints
// the table as it goes, then a verdict: linear-regression slope of RSS and heap after the warm-up, errors.
//
// Usage: node drive.js --url=http://127.0.0.1:PORT --pid=GATEWAY_PID [--rate=100] [--duration=600] [--sample=10]
//          [--warmup=60] [--hit-share=0.3] [--stream-share=0.05] [--json=FILE]
// Loopback targets only; bounded in time (duration ≤ 3600 s, then at most 30 s of drain).
'use strict';

const http = require('node:http');
const fs = require('node:fs');

function arg(name, d) {
  const p = `--${name}=`;
  const a = process.argv.find((x) => x.startsWith(p));
  return a === undefined ? d : a.slice(p.length);
}

const base = new URL(arg('url', ''));
if (!/^127\.\d+\.\d+\.\d+$/.test(base.hostname) && base.hostname !== 'localhost') {
  console.error(`soak: refusing non-loopback target ${base.hostname}`);
  process.exit(2);
}
const pid = Number(arg('pid', '0'));
const rate = Number(arg('rate', '100'));
const durationS = Number(arg('duration', '600'));
const sampleS = Number(arg('sample', '10'));
const warmupS = Number(arg('warmup', '60'));
const hitShare = Number(arg('hit-share', '0.3'));
const streamShare = Number(arg('stream-share', '0.05'));
const jsonOut = arg('json', '');
const HIT_PROMPTS = 50;
const MAX_INFLIGHT = 2000;
const token = process.env.SOAK_TOKEN || '';
if (!(rate > 0 && rate <= 5000) || !(durationS > 0 && durationS <= 3600) || !(pid > 0)) {
  console.error('soak: need --pid, 0 < rate <= 5000 and 0 < duration <= 3600');
  process.exit(2);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const run = Date.now().toString(36);
const filler = 'Please answer briefly and keep to the facts; this sentence pads the prompt to a realistic size. ';

function body(kind, i) {
  let prompt;
  if (kind === 'hit') prompt = `Soak question ${i % HIT_PROMPTS} of run ${run}: how do I rotate a log file? ${filler}`;
  else prompt = `Soak question ${i} of run ${run} (${kind}): how do I rotate a log file? ${filler}`;
  return JSON.stringify({
    model: 'gpt-4o-mini',
    stream: kind === 'stream',
    messages: [
      { role: 'system', content: 'You are a concise assistant for operations engineers.' },
      { role: 'user', content: prompt },
    ],
  });
}

// Per-interval accumulators.
let lat = [];
let answered = 0, errors = 0, hits = 0, streams = 0, inflight = 0, dropped = 0;
let totalAnswered = 0, totalErrors = 0, totalSent = 0;
const errorKinds = {};

function fail(kind) {
  errors++;
  errorKinds[kind] = (errorKinds[kind] || 0) + 1;
}

function fire(i, scheduledNs) {
  const r = Math.random();
  const kind = r < streamShare ? 'stream' : r < streamShare + hitShare ? 'hit' : 'miss';
  const payload = body(kind, i);
  inflight++;
  totalSent++;
  const req = http.request(
    {
      host: base.hostname, port: base.port, path: '/v1/chat/completions', method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}` },
      timeout: 30000,
    },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        inflight--;
        answered++;
        lat.push(Number(process.hrtime.bigint() - scheduledNs) / 1e6);
        if (res.statusCode !== 200) return fail(`http ${res.statusCode}`);
        if (kind === 'stream') {
          streams++;
          if (!Buffer.concat(chunks).toString('utf8').endsWith('data: [DONE]\n\n')) return fail('stream without [DONE]');
        }
        if (res.headers['x-cache'] === 'HIT') hits++;
      });
      res.on('error', () => { inflight--; fail('response error'); });
    },
  );
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => { inflight--; fail(e.message === 'timeout' ? 'timeout' : 'connection'); });
  req.end(payload);
}

function get(path) {
  return new Promise((resolve) => {
    const req = http.get({ host: base.hostname, port: base.port, path, agent, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve(text));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(''));
  });
}

function metric(text, name, labelFilter) {
  let sum = 0, found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (labelFilter && !rest.includes(labelFilter)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) { sum += value; found = true; }
  }
  return found ? sum : NaN;
}

function rssBytes() {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch { return NaN; }
}

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const samples = [];
const MB = 1024 * 1024;
const pad = (v, w) => String(v).padStart(w);
const header = '|    t s |  req/s | errors |  p50 ms |  p99 ms | hits % | RSS MB | heap MB | gen0 | gen1 | gen2 | pool thr | pool queue | in flight |';
console.log(header);
console.log(header.replace(/[^|]/g, '-'));

const startNs = process.hrtime.bigint();
async function sample(tS) {
  const metrics = await get('/metrics');
  const sorted = lat.sort((a, b) => a - b);
  const s = {
    t: tS,
    rps: answered / sampleS,
    answered, errors, dropped,
    p50: pct(sorted, 0.5), p99: pct(sorted, 0.99),
    hitPct: answered ? (100 * hits) / answered : 0,
    streams,
    rss: rssBytes(),
    heap: metric(metrics, 'dotnet_gc_last_collection_heap_size_bytes'),
    gen0: metric(metrics, 'dotnet_gc_collections_total', 'gen0'),
    gen1: metric(metrics, 'dotnet_gc_collections_total', 'gen1'),
    gen2: metric(metrics, 'dotnet_gc_collections_total', 'gen2'),
    threads: metric(metrics, 'dotnet_thread_pool_thread_count_total'),
    queue: metric(metrics, 'dotnet_thread_pool_queue_length_total'),
    inflight,
  };
  totalAnswered += answered;
  totalErrors += errors;
  lat = []; answered = 0; errors = 0; hits = 0; streams = 0; dropped = 0;
  samples.push(s);
  const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
  console.log(`| ${pad(s.t, 6)} | ${pad(f(s.rps, 1), 6)} | ${pad(s.errors, 6)} | ${pad(f(s.p50, 1), 7)} | ${pad(f(s.p99, 1), 7)} | ${pad(f(s.hitPct, 0), 6)} | ${pad(f(s.rss / MB, 1), 6)} | ${pad(f(s.heap / MB, 1), 7)} | ${pad(f(s.gen0), 4)} | ${pad(f(s.gen1), 4)} | ${pad(f(s.gen2), 4)} | ${pad(f(s.threads), 8)} | ${pad(f(s.queue), 10)} | ${pad(s.inflight, 9)} |`);
}

// Least-squares slope of y over x (per second) and the mean of y.
function trend(points) {
  const n = points.length;
  if (n < 3) return { slope: NaN, mean: NaN };
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const [x, y] of points) { sx += x; sy += y; sxx += x * x; sxy += x * y; }
  return { slope: (n * sxy - sx * sy) / (n * sxx - sx * sx), mean: sy / n };
}

function verdict() {
  const after = samples.filter((s) => s.t > warmupS);
  const span = after.length ? after[after.length - 1].t - after[0].t : 0;
  const rss = trend(after.map((s) => [s.t, s.rss / MB]));
  const heap = trend(after.filter((s) => Number.isFinite(s.heap)).map((s) => [s.t, s.heap / MB]));
  const threads = trend(after.filter((s) => Number.isFinite(s.threads)).map((s) => [s.t, s.threads]));
  // "Growth" = what the slope adds over the measured span, against the mean level: under 10 % is noise, not a leak.
  const grows = (t) => Number.isFinite(t.slope) && t.slope * span > 0.10 * t.mean;
  const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
  const lines = [
    `after the ${warmupS} s warm-up (${after.length} samples over ${span} s):`,
    `  RSS   mean ${f(rss.mean, 1)} MB, slope ${f(rss.slope * 60, 3)} MB/min → ${f(rss.slope * span, 1)} MB over the span (${f((100 * rss.slope * span) / rss.mean, 1)} % of the mean)`,
    `  heap  mean ${f(heap.mean, 1)} MB, slope ${f(heap.slope * 60, 3)} MB/min → ${f(heap.slope * span, 1)} MB over the span (${f((100 * heap.slope * span) / heap.mean, 1)} % of the mean)`,
    `  pool threads mean ${f(threads.mean, 1)}, slope ${f(threads.slope * 60, 3)} /min`,
    `  requests sent ${totalSent}, answered ${totalAnswered}, errors ${totalErrors}${totalErrors ? ' ' + JSON.stringify(errorKinds) : ''}`,
  ];
  const ok = totalErrors === 0 && !grows(rss) && !grows(heap) && totalAnswered === totalSent;
  lines.push(`verdict: ${ok ? 'PASS' : 'FAIL'} — ${totalErrors === 0 ? 'no errors' : `${totalErrors} errors`}, ${grows(rss) || grows(heap) ? 'memory GROWS after warm-up' : 'no growth trend in RSS or heap after warm-up'}${totalAnswered === totalSent ? '' : `, ${totalSent - totalAnswered} requests unanswered`}`);
  return { ok, text: lines.join('\n') };
}

const total = Math.round(rate * durationS);
const intervalNs = BigInt(Math.round(1e9 / rate));
let next = 0;
// A 1 ms timer sends every request whose scheduled time has come (timers are coarse; sending catches up in bursts).
const ticker = setInterval(() => {
  const now = process.hrtime.bigint();
  while (next < total && startNs + BigInt(next) * intervalNs <= now) {
    const scheduled = startNs + BigInt(next) * intervalNs;
    if (inflight >= MAX_INFLIGHT) { dropped++; totalSent++; fail('dropped: too many in flight'); }
    else fire(next, scheduled);
    next++;
  }
  if (next >= total) clearInterval(ticker);
}, 1);

let sampled = 0;
const sampler = setInterval(async () => {
  sampled += sampleS;
  await sample(sampled);
  if (sampled >= durationS) {
    clearInterval(sampler);
    // Let the last requests finish (bounded), then count them and judge.
    const drainUntil = Date.now() + 30000;
    while (inflight > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
    totalAnswered += answered;
    totalErrors += errors + inflight;
    const v = verdict();
    console.log('');
    console.log(v.text);
    if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ rate, durationS, warmupS, samples, verdict: v }, null, 1));
    agent.destroy();
    process.exit(v.ok ? 0 : 1);
  }
}, sampleS * 1000);
