import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { requestLineWriter, type RequestLineFields } from './request-line.js';

function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger(
    { app: 'line-test', environment: 'test', level },
    { destination: { write: (line: string) => void lines.push(line) } },
  );
  return { logger, lines };
}

const fields: RequestLineFields = {
  id: 'abc-123',
  method: 'POST',
  url: '/odd/"quoted"\n\\path?q=ü',
  remoteAddress: '::1',
  status: 201,
  durationMs: 1.234567,
  route: '/odd/:name',
  caller: 'reporting',
  message: 'POST /odd 201 in 1 ms',
};

describe('requestLineWriter', () => {
  it('writes the JSON pino writes for the same request line, field for field', () => {
    const { logger, lines } = capture();
    const write = requestLineWriter(logger);
    expect(write).toBeDefined();
    write!('info', fields);
    logger.info(
      {
        'request.id': fields.id,
        req: { id: fields.id, method: fields.method, url: fields.url, remoteAddress: fields.remoteAddress },
        res: { statusCode: fields.status },
        duration_ms: fields.durationMs,
        'http.route': fields.route,
        caller: fields.caller,
      },
      fields.message,
    );
    expect(lines).toHaveLength(2);
    const [fast, viaPino] = lines.map((line) => {
      expect(line.endsWith('\n')).toBe(true);
      const parsed = JSON.parse(line) as Record<string, unknown>;
      delete parsed['@timestamp'];
      return parsed;
    });
    expect(fast).toEqual(viaPino);
    expect(Object.keys(fast!)).toEqual(Object.keys(viaPino!));
  });

  it('leaves out the route and caller a request did not have, and respects the level', () => {
    const { logger, lines } = capture('warn');
    const write = requestLineWriter(logger)!;
    write('info', fields);
    expect(lines).toHaveLength(0);
    write('warn', { ...fields, route: undefined, caller: undefined, remoteAddress: undefined });
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ 'log.level': 'warn', level: 40, 'service.name': 'line-test' });
    expect(line).not.toHaveProperty('http.route');
    expect(line).not.toHaveProperty('caller');
    expect(line['req']).toEqual({ id: 'abc-123', method: 'POST', url: fields.url });
  });
});
