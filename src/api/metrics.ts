import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Upper bounds (seconds) of the request-duration histogram. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

/**
 * Request metrics of one server process in the Prometheus text format (version 0.0.4): requests
 * and their duration per method, route pattern (never the raw URL, so the number of series stays
 * bounded) and status class; memory, event-loop delay and uptime of the process. Nothing in it
 * names a person, a municipality or a figure.
 */
export class Metrics {
  private readonly series = new Map<string, Series>();
  private readonly loop = monitorEventLoopDelay({ resolution: 20 });
  private readonly started = Date.now();

  constructor(
    private readonly version: string,
    private readonly pool?: () => { total: number; idle: number; waiting: number; max: number },
  ) {
    this.loop.enable();
  }

  /** Records one answered request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method}\u0000${route}\u0000${Math.floor(status / 100)}xx`;
    let s = this.series.get(key);
    if (!s) {
      s = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.series.set(key, s);
    }
    s.count++;
    s.sum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) s.buckets[i]!++;
  }

  /** The exposition text. */
  render(): string {
    const out: string[] = [];
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    out.push('# HELP sousei_build_info Version of the running Sousei.', '# TYPE sousei_build_info gauge');
    out.push(`sousei_build_info{version="${esc(this.version)}"} 1`);
    out.push(
      '# HELP sousei_http_requests_total Answered HTTP requests.',
      '# TYPE sousei_http_requests_total counter',
    );
    const entries = [...this.series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const labelsOf = (key: string) => {
      const [method, route, status] = key.split('\u0000') as [string, string, string];
      return `method="${esc(method)}",route="${esc(route)}",status="${status}"`;
    };
    for (const [key, s] of entries) out.push(`sousei_http_requests_total{${labelsOf(key)}} ${s.count}`);
    out.push(
      '# HELP sousei_http_request_duration_seconds Time to answer, per route.',
      '# TYPE sousei_http_request_duration_seconds histogram',
    );
    for (const [key, s] of entries) {
      const labels = labelsOf(key);
      BUCKETS.forEach((le, i) => {
        out.push(`sousei_http_request_duration_seconds_bucket{${labels},le="${le}"} ${s.buckets[i]}`);
      });
      out.push(`sousei_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`);
      out.push(`sousei_http_request_duration_seconds_sum{${labels}} ${s.sum.toFixed(6)}`);
      out.push(`sousei_http_request_duration_seconds_count{${labels}} ${s.count}`);
    }
    const mem = process.memoryUsage();
    out.push('# HELP sousei_process_resident_memory_bytes Resident set size.');
    out.push('# TYPE sousei_process_resident_memory_bytes gauge');
    out.push(`sousei_process_resident_memory_bytes ${mem.rss}`);
    out.push(
      '# HELP sousei_process_heap_used_bytes V8 heap in use.',
      '# TYPE sousei_process_heap_used_bytes gauge',
    );
    out.push(`sousei_process_heap_used_bytes ${mem.heapUsed}`);
    out.push(
      '# HELP sousei_event_loop_delay_seconds Event-loop delay since start (how long requests wait for the one thread).',
      '# TYPE sousei_event_loop_delay_seconds summary',
    );
    for (const q of [50, 99])
      out.push(
        `sousei_event_loop_delay_seconds{quantile="${q / 100}"} ${(this.loop.percentile(q) / 1e9).toFixed(6)}`,
      );
    out.push(`sousei_event_loop_delay_seconds_max ${(this.loop.max / 1e9).toFixed(6)}`);
    if (this.pool) {
      const p = this.pool();
      out.push(
        '# HELP sousei_db_pool_connections Database pool connections by state (PostgreSQL).',
        '# TYPE sousei_db_pool_connections gauge',
        `sousei_db_pool_connections{state="open"} ${p.total}`,
        `sousei_db_pool_connections{state="idle"} ${p.idle}`,
        `sousei_db_pool_connections{state="max"} ${p.max}`,
        '# HELP sousei_db_pool_waiting Requests waiting for a database connection.',
        '# TYPE sousei_db_pool_waiting gauge',
        `sousei_db_pool_waiting ${p.waiting}`,
      );
    }
    out.push(
      '# HELP sousei_uptime_seconds Seconds since the server started.',
      '# TYPE sousei_uptime_seconds gauge',
    );
    out.push(`sousei_uptime_seconds ${((Date.now() - this.started) / 1000).toFixed(0)}`);
    return `${out.join('\n')}\n`;
  }

  /** Stops the event-loop monitor (server close). */
  close(): void {
    this.loop.disable();
  }
}
