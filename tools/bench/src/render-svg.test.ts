import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../test/fixture-results.js';
import { renderSvg } from './render-svg.js';

interface Node {
  [key: string]: unknown;
}

function parse(svg: string): Node {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (_name: string, _path: unknown, _leaf: boolean, attribute: boolean) => !attribute,
  });
  return parser.parse(svg) as Node;
}

describe('renderSvg', () => {
  const svg = renderSvg(fixtureResults());
  const root = (parse(svg)['svg'] as Node[])[0] as Node;
  const texts = (root['text'] as (Node | string)[]).map((entry) =>
    typeof entry === 'string' ? entry : String(entry['#text']),
  );
  const rects = root['rect'] as Node[];

  it('is well-formed XML with an svg root in the SVG namespace', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(root['@xmlns']).toBe('http://www.w3.org/2000/svg');
  });

  it('escapes text taken from the results', () => {
    expect(svg).toContain('Test CPU &lt;fast&gt; &amp; &quot;quoted&quot;');
  });

  it('draws a bar per ratio target, coloured by pass or fail, and says which were not measured', () => {
    expect(texts).toContain('85% (goal 80%)');
    expect(texts).toContain('40% (goal 50%)');
    expect(texts).toContain('3.00× (goal 2.00×)');
    expect(texts).toContain('1.20× (goal 1.30×)');
    expect(texts.filter((entry) => entry === 'not measured')).toHaveLength(3); // users, counter, totp
    const fills = rects.map((entry) => entry['@fill']);
    expect(fills.filter((fill) => fill === '#2e7d32')).toHaveLength(3); // foo, grpc, seed counter
    expect(fills.filter((fill) => fill === '#c62828')).toHaveLength(2); // bar, seed foo
  });

  it('compares gRPC and REST at each payload size', () => {
    expect(texts).toContain('100,000 items');
    expect(texts).toContain('158.800 ms, 1,774,828 B, 5.6 req/s');
    expect(texts).toContain('48.100 ms, 3,278,901 B, 24.8 req/s');
    const fills = rects.map((entry) => entry['@fill']);
    expect(fills.filter((fill) => fill === '#1565c0')).toHaveLength(2);
    expect(fills.filter((fill) => fill === '#ef6c00')).toHaveLength(2);
  });

  it('makes bars proportional to the ratio on a shared scale per panel', () => {
    const width = (fill: string, index: number) =>
      Number(rects.filter((entry) => entry['@fill'] === fill)[index]?.['@width']);
    // foo 85% and grpc 95% are both green on the floor panel's scale.
    expect(width('#2e7d32', 0) / width('#2e7d32', 1)).toBeCloseTo(0.85 / 0.95, 2);
  });
});
