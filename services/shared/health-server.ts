// GET /health for processes that serve no HTTP API (projector, process manager, push).
import { createServer } from 'node:http';

export const startHealthServer = async (port: number, host: string, health: { down(): Promise<string[]> }) => {
  const server = createServer((req, res) => {
    if (req.url !== '/health' && req.url !== '/v1/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"not found","details":{}}}');
      return;
    }
    health.down().then(
      (down) => {
        res.writeHead(down.length ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(down.length ? { status: 'down', down } : { status: 'ok' }));
      },
      () => res.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const addr = server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : port, close: () => new Promise<void>((r) => server.close(() => r())) };
};
