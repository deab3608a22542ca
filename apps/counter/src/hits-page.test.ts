import { describe, expect, it } from 'vitest';
import { renderHitsPage } from './hits-page.js';

describe('renderHitsPage', () => {
  it('shows the count in the title and the page', () => {
    const page = renderHitsPage({ hits: 1234, name: 'counter:hits' });
    expect(page).toContain('<title>Hits: 1234</title>');
    expect(page).toContain('>1234</output>');
    expect(page).toContain('<code>counter:hits</code>');
  });

  it('escapes what it shows', () => {
    const page = renderHitsPage({ hits: 1, name: '<script>alert("x")</script>&' });
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
  });
});
