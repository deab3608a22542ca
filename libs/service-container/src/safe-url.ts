/**
 * A URL as it may appear in logs and error messages: credentials in the
 * user-info part (`http://user:secret@host`) are replaced, the rest is kept.
 */
export function safeUrl(url: URL | string | undefined): string {
  if (url === undefined) return '(no URL)';
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return '(invalid URL)';
  }
  if (parsed.username || parsed.password) {
    parsed.username = 'REDACTED';
    parsed.password = '';
  }
  return parsed.href;
}

// scheme://user:password@ inside free text (got writes the URL into its messages).
const CREDENTIALS_IN_URL = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/@]+@/gi;

/** Text with the credentials of any URL inside it replaced. */
export function redactUrlCredentials(text: string): string {
  return text.replace(CREDENTIALS_IN_URL, '$1REDACTED@');
}
