export interface LoadResult {
  /** Responses by status code; 0 counts requests that got no response at all. */
  statuses: Map<number, number>;
  total: number;
  failures: string[];
}

export interface LoadOptions {
  concurrency: number;
  /** Hard bounds: the load stops at the first of stop(), maxRequests or maxMs. */
  maxRequests: number;
  maxMs: number;
  request: (index: number) => Promise<Response>;
}

/** Closed-loop load: `concurrency` workers, each sending its next request as the last one completes. */
export function startLoad(options: LoadOptions): {
  stop: () => Promise<LoadResult>;
  done: Promise<LoadResult>;
} {
  const { concurrency, maxRequests, maxMs, request } = options;
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  const deadline = Date.now() + maxMs;
  let sent = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && sent < maxRequests && Date.now() < deadline) {
      const index = sent;
      sent += 1;
      let status = 0;
      try {
        const response = await request(index);
        await response.arrayBuffer();
        status = response.status;
        if (status >= 400)
          failures.push(`#${index}: ${status} ${response.headers.get('x-request-id') ?? ''}`);
      } catch (error) {
        failures.push(`#${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, worker)).then(() => ({
    statuses,
    total: sent,
    failures,
  }));
  return {
    done,
    stop: () => {
      stopped = true;
      return done;
    },
  };
}
