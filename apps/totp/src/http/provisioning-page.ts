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
}

/** The provisioning page: the QR code an authenticator app scans; no script, no bearer token. */
export function provisioningPage(input: ProvisioningPageInput): string {
  const { issuer, account, qrSvg, manualKey, algorithm, digits, period } = input;
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
</main>
</body>
</html>
`;
}
