// The browser client: sends a typed code to this server's /client/verify and shows the
// verdict in a toast for two seconds. It holds no bearer token: the server checks the
// code against its one configured account.

const TOAST_MS = 2000;
const REQUEST_TIMEOUT_MS = 10000;

const form = document.getElementById('check-form');
const input = document.getElementById('code');
const button = document.getElementById('validate');
const toast = document.getElementById('toast');
let toastTimer;
let busy = false;

function showToast(message, kind) {
  clearTimeout(toastTimer);
  toast.textContent = message;
  toast.className = `toast toast-${kind}`;
  toast.hidden = false;
  toastTimer = setTimeout(() => {
    toast.hidden = true;
  }, TOAST_MS);
}

function refreshButton() {
  button.disabled = busy || input.value.trim() === '';
}

/** What a failed response means to a person; never "Not valid code". */
async function describeFailure(response) {
  let body;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = body && body.error ? body.error : {};
  switch (response.status) {
    case 400:
      return 'Invalid input: the code must be 6 to 8 digits';
    case 401:
      return 'Not authorized (401)';
    case 403:
      return 'Refused (403): open this page from the server itself';
    case 429: {
      const seconds = response.headers.get('Retry-After') || error.retryAfter;
      return seconds ? `Too many attempts: try again in ${seconds} s` : 'Too many attempts: try again later';
    }
    case 503:
      return 'Service unavailable (503): try again shortly';
    default:
      // The server's messages are written to be shown; the status says it is not a verdict.
      return `${error.message || 'Server error'} (${response.status})`;
  }
}

async function validate(code) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch('/client/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ code }),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
    if (!response.ok) {
      showToast(await describeFailure(response), 'error');
      return;
    }
    const body = await response.json();
    if (body.status === true) showToast('OK', 'ok');
    else showToast('Not valid code', 'invalid');
  } catch {
    showToast('Network error: the server cannot be reached', 'error');
  } finally {
    clearTimeout(timer);
  }
}

input.addEventListener('input', refreshButton);
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = input.value.trim();
  if (code === '' || busy) return;
  busy = true;
  refreshButton();
  try {
    await validate(code);
  } finally {
    busy = false;
    refreshButton();
  }
});
refreshButton();
