// Prometheus metrics (prom-client): what an operator alerts on. Gauges read their value when
// scraped (collect), so nothing is counted on the request path. One registry per app: several
// apps in one process (tests) do not share or clash.
//
// - moneyrooms_parked_events{consumer}: open parked events (parked or retried, not resolved); a
//   consumer with none has no series. Alert on > 0: an operator has work (README, Parked events).
// - moneyrooms_consumer_position{consumer}: the log position each consumer of this process applied.
// - moneyrooms_consumer_running{consumer}: 1 while it runs, 0 once stopped (health is 503 then).
// - moneyrooms_log_head_position: the log's head; head − position is a consumer's lag in positions.
import { Gauge, Registry } from 'prom-client';

export interface MetricsSource {
  parked?(): Promise<Record<string, number>>;
  consumers?(): readonly { name: string; position: number; running: boolean }[];
  head?(): Promise<number>;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export const metricsRegistry = (source: MetricsSource): Registry => {
  const registry = new Registry();
  const { parked, consumers, head } = source;
  if (parked) {
    new Gauge({
      name: 'moneyrooms_parked_events',
      help: 'Events a consumer could not apply and parked, not resolved yet, per consumer',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        const counts = await parked();
        this.reset();
        for (const [consumer, n] of Object.entries(counts)) this.set({ consumer }, n);
      },
    });
  }
  if (consumers) {
    new Gauge({
      name: 'moneyrooms_consumer_position',
      help: 'Global log position each consumer of this process has applied',
      labelNames: ['consumer'],
      registers: [registry],
      collect() {
        for (const c of consumers()) this.set({ consumer: c.name }, c.position);
      },
    });
    new Gauge({
      name: 'moneyrooms_consumer_running',
      help: '1 while the consumer runs, 0 once it stopped',
      labelNames: ['consumer'],
      registers: [registry],
      collect() {
        for (const c of consumers()) this.set({ consumer: c.name }, c.running ? 1 : 0);
      },
    });
  }
  if (head) {
    new Gauge({
      name: 'moneyrooms_log_head_position',
      help: 'The global log head position',
      registers: [registry],
      async collect() {
        this.set(await head());
      },
    });
  }
  return registry;
};
