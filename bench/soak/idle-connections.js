// Opens COUNT idle TCP connections to 127.0.0.1:PORT (nothing is ever sent on them), at most BATCH at a time, holds
// them HOLD seconds and exits, printing one JSON line: how many connected, how many the server closed (a connection
// limit shedding them, or its keep-alive timeout), how many are still open, and errors by code. Bounded: every socket
// is destroyed and the process exits after HOLD seconds whatever happens. Used by bench/soak/idle-connections.sh.
'use strict';
const net = require('net');

const args = Object.fromEntries(process.argv.slice(2).map(a => a.replace(/^--/, '').split('=')));
const port = Number(args.port);
const count = Number(args.count || 10000);
const batch = Number(args.batch || 500);
const holdSeconds = Number(args.hold || 30);
if (!port) { console.error('usage: node idle-connections.js --port=N [--count=10000] [--batch=500] [--hold=30]'); process.exit(2); }

const sockets = [];
const stats = { requested: count, connected: 0, closedByServer: 0, errors: {} };
let opened = 0;

function openBatch() {
  const upTo = Math.min(count, opened + batch);
  for (; opened < upTo; opened++) {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    socket.on('connect', () => { stats.connected++; });
    socket.on('error', e => { stats.errors[e.code] = (stats.errors[e.code] || 0) + 1; });
    socket.on('end', () => { stats.closedByServer++; });
    socket.on('data', () => {});
    sockets.push(socket);
  }
  if (opened < count) setTimeout(openBatch, 50);
}

openBatch();
setTimeout(() => {
  stats.stillOpen = sockets.filter(s => !s.destroyed && s.readyState === 'open').length;
  for (const s of sockets) s.destroy();
  console.log(JSON.stringify(stats));
  process.exit(0);
}, holdSeconds * 1000).unref();
// Keep the process alive until the timer above (it is unref'd so an error elsewhere cannot keep it forever).
setTimeout(() => {}, (holdSeconds + 5) * 1000);
