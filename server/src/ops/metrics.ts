/**
 * Prometheus metrics (prom-client, https://github.com/siimon/prom-client), one registry per
 * application context. Labels carry only bounded, non-personal values: HTTP method, route
 * pattern (`/api/v1/channels/:id/messages`, never the URL), status code, event type, entity
 * type, policy action and reveal outcome. Never a value, a token, an id, a name or an e-mail.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Sources read when `/metrics` is scraped (gauges). */
export interface MetricSources {
  /** Open stream sockets on this node. */
  sockets(): number;
  /** Write units waiting for the single writer. */
  writeQueue(): number;
  /** Events received from other nodes and not yet delivered (0 without Redis). */
  fanoutBacklog(): number;
}

/** Route patterns whose answers count as reveals. */
const REVEAL_ROUTES = new Set(['/api/v1/reveal', '/api/v1/subjects/:id/reveal']);

/** The metrics of one node. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly events: Counter<'type'>;
  readonly deliveries: Counter;
  readonly reveals: Counter<'outcome'>;
  readonly guardDecisions: Counter<'entity_type' | 'action'>;
  readonly analyzerSeconds: Histogram;
  /** Audit events appended by this node (incremented per append: `onAuditAppend`). */
  readonly auditAppends: Counter;
  #sources: MetricSources | undefined;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'enclave_' });
    this.httpRequests = new Counter({ name: 'enclave_http_requests_total', help: 'HTTP requests by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers });
    this.httpDuration = new Histogram({
      name: 'enclave_http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern, seconds',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.events = new Counter({ name: 'enclave_stream_events_total', help: 'Stream events committed on this node, by type (message.created = messages posted)', labelNames: ['type'], registers });
    this.deliveries = new Counter({ name: 'enclave_stream_deliveries_total', help: 'Event frames written to stream sockets', registers });
    this.reveals = new Counter({ name: 'enclave_reveals_total', help: 'Reveal answers: granted (200) or denied (403, 410, 429)', labelNames: ['outcome'], registers });
    this.guardDecisions = new Counter({ name: 'enclave_guard_decisions_total', help: 'Privacy guard decisions by entity type and policy action', labelNames: ['entity_type', 'action'], registers });
    this.analyzerSeconds = new Histogram({
      name: 'enclave_analyzer_duration_seconds',
      help: 'Analyzer time per text, seconds',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.auditAppends = new Counter({ name: 'enclave_audit_appends_total', help: 'Audit events appended by this node', registers });
    const sources = (): MetricSources | undefined => this.#sources;
    new Gauge({ name: 'enclave_stream_sockets', help: 'Open stream sockets on this node', registers, collect() { this.set(sources()?.sockets() ?? 0); } });
    new Gauge({ name: 'enclave_write_queue_depth', help: 'Write units queued for the writer', registers, collect() { this.set(sources()?.writeQueue() ?? 0); } });
    new Gauge({ name: 'enclave_fanout_backlog', help: 'Events from other nodes waiting for delivery', registers, collect() { this.set(sources()?.fanoutBacklog() ?? 0); } });
  }

  /** Connects the gauges to the live node (called once the context is built). */
  attach(sources: MetricSources): void {
    this.#sources = sources;
  }

  /** Records one answered HTTP request; `route` is the matched pattern or `(unmatched)`. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
    if (method === 'POST' && REVEAL_ROUTES.has(route)) {
      if (status === 200) this.reveals.inc({ outcome: 'granted' });
      else if (status === 403 || status === 410 || status === 429) this.reveals.inc({ outcome: 'denied' });
    }
  }

  /** Records the guard's decision for each finding of one message. */
  observeGuard(decisions: ReadonlyArray<{ entityType: string; action: string }>): void {
    for (const d of decisions) this.guardDecisions.inc({ entity_type: d.entityType, action: d.action });
  }

  /** Times `fn` as one analyzer run. */
  timeAnalyzer<T>(fn: () => T): T {
    const end = this.analyzerSeconds.startTimer();
    try {
      return fn();
    } finally {
      end();
    }
  }

  /** The Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
