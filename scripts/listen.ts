// Listen to push channels from a terminal:
//   TOKEN=<token> npm run listen -- room:<roomId> user:<userId> [--since N] [--url ws://127.0.0.1:3001]
import WebSocket from 'ws';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const url = flag('--url') ?? `ws://127.0.0.1:${process.env.WS_PORT ?? '3001'}`;
const since = flag('--since');
const token = process.env.TOKEN;
if (!token || args.length === 0) {
  process.stderr.write('usage: TOKEN=<token> npm run listen -- <channel>... [--since N] [--url ws://host:port]\n');
  process.exit(1);
}
const ws = new WebSocket(`${url}/v1/ws?token=${encodeURIComponent(token)}`);
ws.on('unexpected-response', (_req, res) => {
  process.stderr.write(`refused: HTTP ${res.statusCode}\n`);
  process.exit(1);
});
ws.on('open', () => {
  for (const channel of args) ws.send(JSON.stringify({ op: 'subscribe', channel, ...(since ? { since: Number(since) } : {}) }));
  setInterval(() => ws.send(JSON.stringify({ op: 'ping' })), 20_000).unref();
});
ws.on('message', (raw) => process.stdout.write(`${String(raw)}\n`));
ws.on('close', (code) => {
  process.stderr.write(`closed (${code})\n`);
  process.exit(0);
});
