// The REST/JSON twin under autocannon, with the same concurrency (keep-alive connections).
import autocannon from 'autocannon';

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function restLoad({ url, token, length, concurrency, durationMs, warmupMs }) {
  const options = {
    url: `${url}/api/items?length=${length}`,
    connections: concurrency,
    headers: { authorization: `Bearer ${token}` },
    timeout: 60,
  };
  await run({ ...options, duration: Math.max(1, Math.round(warmupMs / 1000)) });
  const result = await run({ ...options, duration: Math.max(1, Math.round(durationMs / 1000)) });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`REST twin answered ${result.non2xx} non-2xx and ${result.errors} errors`);
  }
  const requestsPerSecond = result.requests.total / result.duration;
  return {
    requestsPerSecond,
    itemsPerSecond: requestsPerSecond * length,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
  };
}
