import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { callTree, flameGraphSvg, topFunctions, type CpuProfile } from './flamegraph.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// root → (idle); root → handle (express) → serve (app) → write (node); handle self time too.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('handle', 'file:///repo/node_modules/router/index.js', 148), children: [4] },
    { id: 4, callFrame: frame('serve', 'file:///repo/libs/http/dist/request-entry.js', 40), children: [5] },
    { id: 5, callFrame: frame('write', 'node:net', 10) },
  ],
  samples: [2, 2, 3, 4, 5, 5, 5, 2],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100],
};

describe('flame graphs from CPU profiles', () => {
  it('adds self time up the call path and leaves idle time out', () => {
    const tree = callTree(profile, '/repo');
    expect(tree.value).toBe(500);
    const handle = tree.children.get('handle router/index.js:149')!;
    expect(handle.value).toBe(500);
    const serve = handle.children.get('serve libs/http/dist/request-entry.js:41')!;
    expect(serve.value).toBe(400);
    expect(serve.children.get('write node:net:11')!.value).toBe(300);
  });

  it('draws a well-formed SVG with a box per call path, as wide as its share', () => {
    const svg = flameGraphSvg(profile, { title: 'db-api <foo>', root: '/repo' });
    expect(XMLValidator.validate(svg)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg) as {
      svg: { g: { title: string; rect: { '@_width': string } }[] };
    };
    const widths = Object.fromEntries(parsed.svg.g.map((g) => [g.title, Number(g.rect['@_width'])]));
    const all = widths['all (100.0%)']!;
    expect(widths['write node:net:11 (60.0%)']! / all).toBeCloseTo(0.6, 2);
    expect(Object.keys(widths).some((title) => title.includes('idle'))).toBe(false);
    expect(svg).toContain('db-api &lt;foo&gt;');
  });

  it('lists the functions with the most time of their own', () => {
    expect(topFunctions(profile, { root: '/repo', count: 2 })).toEqual([
      ['write node:net:11', 0.6],
      ['handle router/index.js:149', 0.2],
    ]);
  });
});
