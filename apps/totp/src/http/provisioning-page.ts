import { escapeHtml } from './escape-html.js';

export interface ProvisioningPageInput {
  issuer: string;
  account: string;
  /** The QR code of the otpauth URI, as SVG markup made by the qrcode package. */
  qrSvg: string;
  /** The Base32 secret, for apps that cannot scan. */
  manualKey: string;
  algorithm: string;
  digits: number;
  period: number;
  /**
   * An account's recovery codes: the list when this visit created the enrollment, an empty list
   * when they were shown before (they are stored hashed and cannot be shown again), undefined
   * for the seed secret, which has none.
   */
  recoveryCodes?: readonly string[] | undefined;
}

function recoverySection(codes: readonly string[] | undefined): string {
  if (codes === undefined) return '';
  if (codes.length === 0) {
    return `<section id="recovery" class="recovery">
<h2>Recovery codes</h2>
<p>The recovery codes of this enrollment were shown when it was created and cannot be shown again.
Once your app's code is accepted, make a new set from the client page if you did not keep them.</p>
</section>`;
  }
  const items = codes.map((code) => `<li><code>${escapeHtml(code)}</code></li>`).join('\n');
  return `<section id="recovery" class="recovery">
<h2>Recovery codes</h2>
<p class="warning" role="alert"><strong>Save these codes now: they are shown only this once.</strong>
Each one lets you in once without your authenticator app. Keep them somewhere safe and private.</p>
<ol id="recovery-codes">
${items}
</ol>
</section>`;
}

/** The provisioning page: the QR code an authenticator app scans; no script, no bearer token. */
export function provisioningPage(input: ProvisioningPageInput): string {
  const { issuer, account, qrSvg, manualKey, algorithm, digits, period, recoveryCodes } = input;
  const groupedKey = manualKey.replace(/(.{4})/g, '$1 ').trim();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Set up ${escapeHtml(issuer)}</title>
<link rel="stylesheet" href="/assets/provisioning.css">
</head>
<body>
<main>
<h1>Set up two-factor codes</h1>
<p>Scan this code with an authenticator app (Google Authenticator, Aegis, 1Password…).</p>
<figure class="qr" aria-label="QR code for ${escapeHtml(issuer)}: ${escapeHtml(account)}">${qrSvg}</figure>
<dl>
<dt>Issuer</dt><dd>${escapeHtml(issuer)}</dd>
<dt>Account</dt><dd>${escapeHtml(account)}</dd>
<dt>Key</dt><dd><code id="manual-key">${escapeHtml(groupedKey)}</code></dd>
<dt>Type</dt><dd>time-based, ${escapeHtml(algorithm.toUpperCase())}, ${digits} digits, every ${period} s</dd>
</dl>
<p class="note">Anyone who sees this page can make your codes: close it once your app shows them.</p>
${recoverySection(recoveryCodes)}
</main>
</body>
</html>
`;
}
