import { html, raw, type SafeHtml } from './html.js';

const styles = raw(`
  :root { color-scheme: light dark; --bg: #f6f7fb; --card: #fff; --text: #1d2330; --muted: #5d6677;
    --accent: #2f6fed; --line: #e3e6ee; --bad: #c2352b; }
  @media (prefers-color-scheme: dark) { :root { --bg: #12151c; --card: #1b2029; --text: #e8ebf2;
    --muted: #9aa3b5; --accent: #7aa2ff; --line: #2b3240; --bad: #ff7a6e; } }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; background: var(--bg); color: var(--text);
    font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
  main { max-width: 46rem; margin: 0 auto; padding: 3rem 1.25rem; }
  header { margin-bottom: 2rem; }
  h1 { font-size: clamp(1.9rem, 5vw, 2.6rem); line-height: 1.15; margin: 0 0 .4rem; letter-spacing: -.02em; }
  .lead { color: var(--muted); margin: 0; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1.25rem; }
  section { background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 1.25rem 1.4rem; }
  h2 { font-size: 1.05rem; margin: 0 0 .2rem; }
  h2 code { color: var(--accent); font-size: .95em; }
  .hint { color: var(--muted); font-size: .9rem; margin: 0 0 .8rem; }
  ol { margin: 0; padding-left: 1.6rem; }
  li { padding: .18rem 0; border-bottom: 1px dashed var(--line); }
  li:last-child { border-bottom: 0; }
  form { display: flex; gap: .5rem; margin-top: 1.4rem; flex-wrap: wrap; }
  input { flex: 1 1 12rem; font: inherit; padding: .5rem .75rem; border-radius: 10px; border: 1px solid var(--line);
    background: var(--card); color: var(--text); }
  button { font: inherit; padding: .5rem 1.1rem; border-radius: 10px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
  footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
  .status { display: inline-block; font-weight: 600; color: var(--bad); letter-spacing: .04em; margin-bottom: .6rem; }
`);

export interface LayoutOptions {
  /** Reload the page after this many seconds (meta refresh, so no script is needed). */
  refreshSeconds?: number | undefined;
}

/** The document around every page: readable type, light and dark, no script. */
export function pageLayout(title: string, body: SafeHtml, options: LayoutOptions = {}): string {
  const refresh =
    options.refreshSeconds === undefined
      ? ''
      : html` <meta http-equiv="refresh" content="${options.refreshSeconds}" />`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${refresh}
        <title>${title}</title>
        <style>
          ${styles}
        </style>
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html> `.value;
}
