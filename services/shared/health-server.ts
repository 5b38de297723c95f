// GET /health for processes that serve no HTTP API (projector, process manager, push), and
// GET /metrics (Prometheus, see metrics.ts) without a token: this port is the orchestrator's,
// inside the deployment, and is not published (docker-compose.yml publishes only the APIs).
import { createServer } from 'node:http';
import { metricsRegistry, PROMETHEUS_CONTENT_TYPE, type MetricsSource } from './metrics.js';

export const startHealthServer = async (port: number, host: string, health: { down(): Promise<string[]> } & MetricsSource) => {
  const registry = metricsRegistry(health);
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (req.url !== '/health' && req.url !== '/v1/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"not found","details":{}}}');
      return;
    }
    Promise.all([health.down(), health.parked?.().catch(() => ({})) ?? {}]).then(
      ([down, parked]) => {
        const extra = Object.keys(parked).length > 0 ? { parked } : {};
        res.writeHead(down.length ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(down.length ? { status: 'down', down, ...extra } : { status: 'ok', ...extra }));
      },
      () => res.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const addr = server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : port, close: () => new Promise<void>((r) => server.close(() => r())) };
};
