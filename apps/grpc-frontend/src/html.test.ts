import { describe, expect, it } from 'vitest';
import { renderErrorPage } from './error-page.js';
import { renderHomePage } from './home-page.js';
import { html, raw } from './html.js';

const page = {
  greeting: 'Hello <script>alert(1)</script>!',
  name: '"><img src=x onerror=alert(1)>',
  all: [{ id: 1, name: 'name <b>1</b>' }],
  allLength: 10,
  streamed: [{ id: 2, name: 'name & 2' }],
  streamLength: 5,
  backend: 'grpc://backend:50051',
  elapsedMs: 3,
};

describe('html', () => {
  it('escapes every interpolation but SafeHtml', () => {
    expect(html`<p>${'<i>&"\''}</p>`.value).toBe('<p>&lt;i&gt;&amp;&quot;&#39;</p>');
    expect(html`<p>${raw('<i>ok</i>')}${[html`<b>${'<'}</b>`, 1]}</p>`.value).toBe(
      '<p><i>ok</i><b>&lt;</b>1</p>',
    );
  });
});

describe('renderHomePage', () => {
  it('shows the greeting and both lists with every value escaped', () => {
    const document = renderHomePage(page);
    expect(document).toContain('<h1>Hello &lt;script&gt;alert(1)&lt;/script&gt;!</h1>');
    expect(document).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(document).toContain('<li value="1">name &lt;b&gt;1&lt;/b&gt;</li>');
    expect(document).toContain('<li value="2">name &amp; 2</li>');
    expect(document).toContain('<code>getAll(10)</code>');
    expect(document).toContain('<code>getStream(5)</code>');
    expect(document).not.toMatch(/<script/i);
  });
});

describe('renderErrorPage', () => {
  it('says what happened and asks the browser to retry by itself when told', () => {
    const document = renderErrorPage({
      statusCode: 502,
      title: 'Down',
      detail: 'a <b>',
      retryAfterSeconds: 5,
    });
    expect(document).toContain('<meta http-equiv="refresh" content="5" />');
    expect(document).toContain('<p class="lead">a &lt;b&gt;</p>');
    expect(renderErrorPage({ statusCode: 400, title: 'Bad', detail: 'x' })).not.toContain('http-equiv');
  });
});
