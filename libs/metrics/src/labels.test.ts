import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { grpcCodeName } from './grpc-server-metrics.js';
import { methodLabel, UNMATCHED_ROUTE } from './http-metrics.js';
import { routeLabel } from './route-label.js';

function request(fields: object): IncomingMessage {
  return fields as IncomingMessage;
}

describe('methodLabel', () => {
  it('keeps the standard methods and folds any other into other', () => {
    expect(['GET', 'POST', 'DELETE', 'OPTIONS'].map(methodLabel)).toEqual([
      'GET',
      'POST',
      'DELETE',
      'OPTIONS',
    ]);
    expect(['PROPFIND', 'get', 'X'.repeat(1000), undefined].map(methodLabel)).toEqual([
      'other',
      'other',
      'other',
      'other',
    ]);
  });
});

describe('routeLabel', () => {
  it('is the route pattern with its mount path, or unmatched', () => {
    expect(routeLabel(request({ route: { path: '/users/:id' }, baseUrl: '' }))).toBe('/users/:id');
    expect(routeLabel(request({ route: { path: '/:action' }, baseUrl: '/v1/users' }))).toBe(
      '/v1/users/:action',
    );
    expect(routeLabel(request({ url: '/users/42' }))).toBe(UNMATCHED_ROUTE);
  });
});

describe('grpcCodeName', () => {
  it('names the 17 gRPC codes and folds anything else into UNKNOWN', () => {
    expect([0, 3, 16].map(grpcCodeName)).toEqual(['OK', 'INVALID_ARGUMENT', 'UNAUTHENTICATED']);
    expect([17, -1, 99].map(grpcCodeName)).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
  });
});
