#!/usr/bin/env node
// Turns ./bench/load.sh's raw.jsonl into the Markdown tables and the check against issue 21's targets.
// Every figure is the median over the interleaved repeats; "added" figures are medians of per-repeat differences
// (target minus mock in the same repeat), ratios medians of per-repeat ratios.
//   node report.js raw.jsonl        (CLK_TCK from the environment, default 100)
'use strict';

const fs = require('node:fs');

const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const tick = 1e6 / Number(process.env.CLK_TCK || 100); // µs per clock tick
const median = (v) => {
  const s = v.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f = (x, d = 2) => (x === null ? '—' : x.toFixed(d));
const signed = (x, d = 2) => (x === null ? '—' : (x >= 0 ? '+' : '') + x.toFixed(d));
const int = (x) => (x === null ? '—' : Math.round(x).toLocaleString('en-US'));

const wrk = rows.filter((r) => r.kind === 'wrk');
const probes = rows.filter((r) => r.kind === 'probe');
const cases = [...new Set(wrk.map((r) => r.case))];
const concs = [...new Set(wrk.map((r) => r.conc))];
// "baseline" (BASELINE=DIR): the gateway of another commit; "portkey" (PORTKEY=DIR): Portkey's gateway; same run.
const targets = ['mock', 'passthrough', 'portkey', 'baseline', 'gateway'].filter((t) => wrk.some((r) => r.target === t));
const reps = (c, n) => [...new Set(wrk.filter((r) => r.case === c && r.conc === n).map((r) => r.rep))];
const one = (c, n, t, rep) => wrk.find((r) => r.case === c && r.conc === n && r.target === t && r.rep === rep);
const caseName = { miss: 'miss (unique prompts)', hit: 'hit (same prompt)', stream: 'stream (to last byte)' };

const stats = {};
console.log('| case | conc | target | RPS | p50 ms | p99 ms | +p50 ms vs mock | +p99 ms vs mock | RPS vs pass-through | server CPU µs/req | 1e6/RPS − mock µs | upstream calls/req | errors |');
console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const c of cases) {
  for (const n of concs) {
    const rs = reps(c, n);
    for (const t of targets) {
      const per = rs.map((rep) => ({ rep, x: one(c, n, t, rep), m: one(c, n, 'mock', rep), p: one(c, n, 'passthrough', rep) }))
        .filter((e) => e.x);
      if (per.length === 0) continue;
      const s = {
        rps: median(per.map((e) => e.x.wrk.rps)),
        p50: median(per.map((e) => e.x.wrk.p50)),
        p99: median(per.map((e) => e.x.wrk.p99)),
        add50: median(per.filter((e) => e.m).map((e) => e.x.wrk.p50 - e.m.wrk.p50)),
        add99: median(per.filter((e) => e.m).map((e) => e.x.wrk.p99 - e.m.wrk.p99)),
        vsPass: median(per.filter((e) => e.p).map((e) => e.x.wrk.rps / e.p.wrk.rps)),
        cpu: median(per.map((e) => (e.x.cpu_ticks * tick) / e.x.wrk.requests)),
        redis: median(per.map((e) => (e.x.redis_ticks * tick) / e.x.wrk.requests)),
        sat: median(per.filter((e) => e.m).map((e) => 1e6 / e.x.wrk.rps - 1e6 / e.m.wrk.rps)),
        calls: median(per.map((e) => e.x.upstream_calls / e.x.wrk.requests)),
        errors: per.reduce((a, e) => a + e.x.wrk.errors, 0),
        n: per.length,
      };
      stats[`${c}/${n}/${t}`] = s;
      const isMock = t === 'mock';
      const cpu = t === 'gateway' || t === 'baseline' ? `${int(s.cpu)} + ${int(s.redis)} Redis` : int(s.cpu);
      console.log(`| ${caseName[c] ?? c} | ${n} | ${t} | ${int(s.rps)} | ${f(s.p50)} | ${f(s.p99)} | ${isMock ? '' : signed(s.add50)} | ${isMock ? '' : signed(s.add99)} | ${t === 'passthrough' ? '' : `${f(s.vsPass * 100, 0)}%`} | ${cpu} | ${isMock || n < 16 ? '' : int(s.sat)} | ${f(s.calls)} | ${s.errors} |`);
    }
  }
}

const probe = {};
if (probes.length) {
  console.log();
  console.log(`Streaming, time to first token and to [DONE] (paced stream: 20 chunks 5 ms apart; ${probes[0].probe.cycles} cycles x ${probes.length} repeats, one request at a time; medians of the per-repeat figures):`);
  console.log();
  console.log('| target | TTFT p50 ms | TTFT p99 ms | [DONE] p50 ms | added TTFT p50 ms | added TTFT p99 ms | added [DONE] p50 ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const t of targets.filter((name) => probes[0].probe[name])) {
    const g = (k, q) => median(probes.map((p) => p.probe[t]?.[k]?.[q] ?? null));
    probe[t] = { addTtft50: g('added_ttft', 'p50') };
    const isMock = t === 'mock';
    console.log(`| ${t} | ${f(g('ttft', 'p50'))} | ${f(g('ttft', 'p99'))} | ${f(g('done', 'p50'))} | ${isMock ? '' : signed(g('added_ttft', 'p50'))} | ${isMock ? '' : signed(g('added_ttft', 'p99'))} | ${isMock ? '' : signed(g('added_done', 'p50'))} |`);
  }
}

console.log();
console.log('Issue 21 targets (gateway, this run):');
console.log();
const check = (label, value, ok) => console.log(`- ${label}: ${value} — **${ok === null ? 'not measured' : ok ? 'met' : 'NOT met'}**`);
const g = (k) => stats[k] ?? null;
const m64 = g('miss/64/gateway');
const p64 = g('miss/64/passthrough');
check('c64 cache miss, ≥ 45% of pass-through RPS', m64 ? `${f(m64.vsPass * 100, 0)}%` : '—', m64 ? m64.vsPass >= 0.45 : null);
const cpuRatio = m64 && p64 ? (m64.cpu + m64.redis) / p64.cpu : null;
check('c64 cache miss, server CPU per request ≤ 3× the pass-through\'s', cpuRatio === null ? '—' : `${f(cpuRatio, 1)}× (${int(m64.cpu + m64.redis)} vs ${int(p64.cpu)} µs)`, cpuRatio === null ? null : cpuRatio <= 3);
const m1 = g('miss/1/gateway');
const p1 = g('miss/1/passthrough');
check('c1 cache miss, added p50 ≤ the pass-through\'s + 0.5 ms', m1 && p1 ? `${signed(m1.add50)} vs ${signed(p1.add50)} ms` : '—', m1 && p1 ? m1.add50 <= p1.add50 + 0.5 : null);
const tt = probe.gateway?.addTtft50 ?? null;
const ptt = probe.passthrough?.addTtft50 ?? null;
check('streaming, added TTFT p50 ≤ the pass-through\'s + 0.5 ms', tt === null || ptt === null ? '—' : `${signed(tt)} vs ${signed(ptt)} ms`, tt === null || ptt === null ? null : tt <= ptt + 0.5);
const pk64 = g('miss/64/portkey');
check('c64 cache miss, ≥ 8× Portkey\'s RPS', m64 && pk64 ? `${f(m64.rps / pk64.rps)}× (${int(m64.rps)} vs ${int(pk64.rps)})` : '—', m64 && pk64 ? m64.rps / pk64.rps >= 8 : null);
for (const n of concs) {
  const h = g(`hit/${n}/gateway`); const m = g(`miss/${n}/gateway`);
  check(`c${n} cache hit ≥ 1.5× miss RPS`, h && m ? `${f(h.rps / m.rps)}× (${int(h.rps)} vs ${int(m.rps)})` : '—', h && m ? h.rps / m.rps >= 1.5 : null);
}

if (targets.includes('baseline')) {
  console.log();
  console.log('Gateway against the baseline commit (medians of per-repeat ratios, same run):');
  console.log();
  console.log('| case | conc | RPS gateway / baseline | CPU µs/req gateway / baseline (with Redis) | +p50 ms baseline → gateway | +p99 ms baseline → gateway |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const c of cases) {
    for (const n of concs) {
      const per = reps(c, n).map((rep) => ({ x: one(c, n, 'gateway', rep), b: one(c, n, 'baseline', rep) })).filter((e) => e.x && e.b);
      if (per.length === 0) continue;
      const cost = (r) => ((r.cpu_ticks + r.redis_ticks) * tick) / r.wrk.requests;
      const b = g(`${c}/${n}/baseline`); const x = g(`${c}/${n}/gateway`);
      console.log(`| ${caseName[c] ?? c} | ${n} | ${f(median(per.map((e) => e.x.wrk.rps / e.b.wrk.rps)))}× | ${f(median(per.map((e) => cost(e.x) / cost(e.b))))}× | ${signed(b.add50)} → ${signed(x.add50)} | ${signed(b.add99)} → ${signed(x.add99)} |`);
    }
  }
  if (probe.baseline && probe.gateway) {
    console.log();
    console.log(`Added TTFT p50: baseline ${signed(probe.baseline.addTtft50)} ms, gateway ${signed(probe.gateway.addTtft50)} ms.`);
  }
}
