import type { Router } from 'express';
import { MethodNotAllowedError, NotAcceptableError } from '@platform/errors';
import { sendBody, sendJson } from '@platform/http';
import type { HitCounter } from './hit-counter.js';
import { countHit } from './hit-metrics.js';
import { renderHitsPage } from './hits-page.js';

/** What GET / can answer, the first being what a client that states no preference gets. */
const REPRESENTATIONS = ['text/plain', 'application/json', 'text/html'] as const;
type Representation = (typeof REPRESENTATIONS)[number];

function negotiate(accept: string | undefined, accepts: (types: string[]) => string | false): Representation {
  // No preference (most clients between services): the first, without running the negotiator.
  if (accept === undefined || accept === '*/*') return REPRESENTATIONS[0];
  const type = accepts([...REPRESENTATIONS]);
  if (type === false) throw new NotAcceptableError(REPRESENTATIONS);
  return type as Representation;
}

/**
 * GET / counts the hit and answers `Hits: N` (text/plain), `{"hits": N}`
 * (application/json) or a page (text/html), as the Accept header asks.
 * HEAD / answers the same headers without counting; other methods get 405.
 */
export function hitsRoutes(counter: HitCounter): (router: Router) => void {
  return (router) => {
    router.head('/', (req, res) => {
      const type = negotiate(req.headers.accept, (types) => req.accepts(types));
      res.vary('Accept').set('Cache-Control', 'no-store').type(type).end();
    });

    router.get('/', async (req, res) => {
      res.vary('Accept');
      // Negotiated before counting: a request that cannot be answered is not a hit.
      const type = negotiate(req.headers.accept, (types) => req.accepts(types));
      const hits = await counter.increment();
      countHit();
      res.setHeader('Cache-Control', 'no-store');
      switch (type) {
        case 'application/json':
          sendJson(res, 200, { hits });
          break;
        case 'text/html':
          sendBody(res, 200, 'text/html; charset=utf-8', renderHitsPage({ hits, name: counter.key }));
          break;
        default:
          sendBody(res, 200, 'text/plain; charset=utf-8', `Hits: ${hits}`);
      }
    });

    router.all('/', () => {
      throw new MethodNotAllowedError(['GET', 'HEAD']);
    });
  };
}
