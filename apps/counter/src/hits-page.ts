import escapeHtml from 'escape-html';

export interface HitsPageOptions {
  hits: number;
  /** The counter's Redis key, shown as its name. */
  name: string;
}

/** The human page for GET / with Accept: text/html; every value escaped. */
export function renderHitsPage({ hits, name }: HitsPageOptions): string {
  const count = escapeHtml(String(hits));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hits: ${count}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f6f7f9; color: #1d2330; }
  main { text-align: center; padding: 2rem; }
  h1 { font-weight: 500; margin: 0 0 .5rem; }
  output { display: block; font-size: clamp(3rem, 12vw, 7rem); font-weight: 700; font-variant-numeric: tabular-nums; }
  p { color: #5b6475; margin: .5rem 0 0; }
</style>
</head>
<body>
<main>
<h1>Hits</h1>
<output id="hits" aria-live="polite">${count}</output>
<p>Visits counted by <code>${escapeHtml(name)}</code>. Reload the page to count another.</p>
</main>
</body>
</html>
`;
}
