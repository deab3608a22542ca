import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { startTracing } from './start-tracing.js';

/** A collector of its own: every POST it receives, with its path and body. */
const received: { url: string | undefined; body: string }[] = [];
const collector = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    received.push({ url: req.url, body });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
collector.listen(0, '127.0.0.1');
await once(collector, 'listening');
const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/`;

afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe('startTracing with the OTLP exporter', () => {
  it("records spans and sends them to <endpoint>/v1/traces with the service's name", async () => {
    const tracing = startTracing({ serviceName: 'tracing-test', exporter: 'otlp', otlpEndpoint: endpoint });
    expect(tracing.exporting).toBe(true);
    const span = trace.getTracer('test').startSpan('exported-operation');
    expect(span.isRecording()).toBe(true);
    span.end();
    await tracing.flush();
    const sent = received.find((request) => request.body.includes('exported-operation'));
    expect(sent?.url).toBe('/v1/traces');
    expect(sent?.body).toContain('tracing-test');
    expect(sent?.body).toContain(span.spanContext().spanId);
    await tracing.shutdown();
  });
});
