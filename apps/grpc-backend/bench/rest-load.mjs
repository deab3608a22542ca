// The REST/JSON twin under autocannon, with the same concurrency (keep-alive connections).
import autocannon from 'autocannon';

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function restLoad({ url, token, length, concurrency, durationMs }) {
  const result = await run({
    url: `${url}/api/items?length=${length}`,
    connections: concurrency,
    headers: { authorization: `Bearer ${token}` },
    timeout: 60,
    duration: Math.max(1, Math.round(durationMs / 1000)),
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`REST twin answered ${result.non2xx} non-2xx and ${result.errors} errors`);
  }
  return { requests: result.requests.total, seconds: result.duration, p99Ms: result.latency.p99 };
}
