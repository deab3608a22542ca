// The browser client: sends a typed code to this server's /client/verify and shows the
// verdict in a toast for two seconds. It holds no bearer token: the server checks the
// code against its one configured account. With an account (not the seed secret) it also offers
// that account's recovery codes: use one, see how many are left, make a new set.

const TOAST_MS = 2000;
const REQUEST_TIMEOUT_MS = 10000;

const form = document.getElementById('check-form');
const input = document.getElementById('code');
const button = document.getElementById('validate');
const toast = document.getElementById('toast');
const recoverySection = document.getElementById('recovery');
const recoveryRemaining = document.getElementById('recovery-remaining');
const recoveryForm = document.getElementById('recovery-form');
const recoveryInput = document.getElementById('recovery-code');
const recoveryButton = document.getElementById('recovery-use');
const regenerateButton = document.getElementById('regenerate');
const newCodes = document.getElementById('new-codes');
const newCodesList = document.getElementById('new-codes-list');
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
  recoveryButton.disabled = busy || recoveryInput.value.trim() === '';
  regenerateButton.disabled = busy || input.value.trim() === '';
}

/** What a failed response means to a person; never "Not valid code". */
async function describeFailure(response, invalidInput = 'Invalid input: the code must be 6 to 8 digits') {
  let body;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = body && body.error ? body.error : {};
  switch (response.status) {
    case 400:
      return invalidInput;
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

/** A same-origin JSON request to this server, bounded in time; a POST when there is a body. */
async function request(path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { 'Content-Type': 'application/json', Accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

async function validate(code) {
  try {
    const response = await request('/client/verify', { code });
    if (!response.ok) {
      showToast(await describeFailure(response), 'error');
      return;
    }
    const body = await response.json();
    if (body.status === true) showToast('OK', 'ok');
    else showToast('Not valid code', 'invalid');
  } catch {
    showToast('Network error: the server cannot be reached', 'error');
  }
}

function showRemaining(remaining) {
  recoveryRemaining.textContent = `Recovery codes left: ${remaining}`;
}

/** Shows the recovery section when the server offers recovery codes for this page's account. */
async function loadRecovery() {
  try {
    const response = await request('/client/recovery');
    if (!response.ok) return;
    const body = await response.json();
    if (body.available !== true) return; // the seed secret has no recovery codes: the section stays hidden
    showRemaining(body.remaining);
    recoverySection.hidden = false;
  } catch {
    // The section stays hidden; the code check still works.
  }
}

async function useRecoveryCode(code) {
  try {
    const response = await request('/client/recovery', { code });
    if (!response.ok) {
      showToast(
        await describeFailure(
          response,
          'Invalid input: a recovery code is 10 letters and digits, xxxxx-xxxxx',
        ),
        'error',
      );
      return;
    }
    const body = await response.json();
    showRemaining(body.remaining);
    if (body.status === true) {
      recoveryInput.value = '';
      showToast('OK: recovery code accepted', 'ok');
    } else showToast('Not valid recovery code', 'invalid');
  } catch {
    showToast('Network error: the server cannot be reached', 'error');
  }
}

async function regenerate(code) {
  try {
    const response = await request('/client/recovery/regenerate', { code });
    if (!response.ok) {
      showToast(await describeFailure(response), 'error');
      return;
    }
    const body = await response.json();
    if (body.status !== true) {
      showToast('Not valid code: new recovery codes need a current code', 'invalid');
      return;
    }
    input.value = '';
    newCodesList.replaceChildren(
      ...body.recoveryCodes.map((value) => {
        const item = document.createElement('li');
        const text = document.createElement('code');
        text.textContent = value;
        item.append(text);
        return item;
      }),
    );
    newCodes.hidden = false;
    showRemaining(body.remaining);
    showToast('New recovery codes made: save them now', 'ok');
  } catch {
    showToast('Network error: the server cannot be reached', 'error');
  }
}

/** Runs one request at a time, the buttons disabled meanwhile. */
async function exclusive(action) {
  if (busy) return;
  busy = true;
  refreshButton();
  try {
    await action();
  } finally {
    busy = false;
    refreshButton();
  }
}

input.addEventListener('input', refreshButton);
recoveryInput.addEventListener('input', refreshButton);
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = input.value.trim();
  if (code === '') return;
  await exclusive(() => validate(code));
});
recoveryForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = recoveryInput.value.trim();
  if (code === '') return;
  await exclusive(() => useRecoveryCode(code));
});
regenerateButton.addEventListener('click', async () => {
  const code = input.value.trim();
  if (code === '') return;
  await exclusive(() => regenerate(code));
});
refreshButton();
void loadRecovery();
