/**
 * Passkey island. Enhances each `form[data-passkey]` (hidden in the HTML, since a passkey needs
 * JavaScript) when the browser supports WebAuthn: on submit it asks the server for options, runs
 * the ceremony, posts the result as JSON with the CSRF token, and follows the returned redirect.
 * Problems are written into the form's role=alert element. Texts come from data-msg-* attributes,
 * rendered by the server in the page's language.
 */
import { browserSupportsWebAuthn, startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';

class ServerError extends Error {}

const lang = document.documentElement.lang === 'en' ? 'en' : 'ja';

async function postJson(url: string, body: unknown, csrf: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify(body),
  });
  const data = (await res.json().catch(() => null)) as { error?: { message?: Record<string, string> } } | null;
  if (!res.ok) throw new ServerError(data?.error?.message?.[lang] ?? '');
  return (data ?? {}) as Record<string, unknown>;
}

function isCancelled(err: unknown): boolean {
  if (err instanceof WebAuthnError) return err.code === 'ERROR_CEREMONY_ABORTED' || (err.cause instanceof DOMException && err.cause.name === 'NotAllowedError');
  return err instanceof DOMException && (err.name === 'NotAllowedError' || err.name === 'AbortError');
}

/** Only same-site paths are followed. */
function safePath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/staff';
}

function enhance(form: HTMLFormElement): void {
  const errorBox = form.querySelector<HTMLElement>('[data-passkey-error]');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  const { passkey: mode, optionsUrl, verifyUrl, next, msgCancelled, msgFailed, msgWorking } = form.dataset;
  if (!errorBox || !button || !optionsUrl || !verifyUrl) return;
  const idleLabel = button.textContent ?? '';
  form.hidden = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.textContent = '';
    button.disabled = true;
    button.textContent = msgWorking ?? idleLabel;
    try {
      const { flow, options } = (await postJson(optionsUrl, {}, csrf)) as { flow: string; options: never };
      const response = mode === 'register' ? await startRegistration({ optionsJSON: options }) : await startAuthentication({ optionsJSON: options });
      const label = form.querySelector<HTMLInputElement>('input[name="label"]')?.value ?? '';
      const result = await postJson(verifyUrl, { flow, response, label, next }, csrf);
      window.location.assign(safePath(result.redirect));
    } catch (err) {
      errorBox.textContent = err instanceof ServerError && err.message ? err.message : isCancelled(err) ? (msgCancelled ?? '') : (msgFailed ?? '');
      button.disabled = false;
      button.textContent = idleLabel;
    }
  });
}

if (browserSupportsWebAuthn()) document.querySelectorAll<HTMLFormElement>('form[data-passkey]').forEach(enhance);
