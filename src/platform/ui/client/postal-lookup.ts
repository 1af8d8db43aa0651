/**
 * Postal code island. Each `button[data-postal-lookup]` (a submit button that, without JavaScript,
 * asks the server to fill the address) instead looks the code up at `data-postal-url` + 7 digits
 * and fills the address input named by `data-postal-target`, announcing the result in the status
 * element `data-postal-status`. On any failure of the request it falls back to the normal submit.
 * Texts come from data-msg-* attributes, rendered by the server in the page's language.
 */

/** 全角 digits and any hyphen or dash (－ ー ‐ −) are accepted: "１２３－４５６７" → "1234567". */
function postalDigits(s: string): string {
  return s.normalize('NFKC').replace(/[\s\-‐－ー―−〒]/g, '');
}

function enhance(button: HTMLButtonElement): void {
  const source = document.getElementById(button.dataset.postalLookup ?? '') as HTMLInputElement | null;
  const target = document.getElementById(button.dataset.postalTarget ?? '') as HTMLInputElement | null;
  const status = document.getElementById(button.dataset.postalStatus ?? '');
  const url = button.dataset.postalUrl;
  if (!source || !target || !status || !url) return;
  const form = button.form;
  button.addEventListener('click', async (event) => {
    const code = postalDigits(source.value);
    event.preventDefault();
    if (!/^\d{7}$/.test(code)) {
      status.textContent = button.dataset.msgInvalid ?? '';
      source.focus();
      return;
    }
    button.disabled = true;
    try {
      const res = await fetch(`${url}${code}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (res.status === 404) {
        status.textContent = (button.dataset.msgNotFound ?? '').replace('{code}', `${code.slice(0, 3)}-${code.slice(3)}`);
        return;
      }
      if (!res.ok) throw new Error(String(res.status));
      const found = (await res.json()) as { address: string };
      source.value = `${code.slice(0, 3)}-${code.slice(3)}`;
      if (found.address && !target.value.startsWith(found.address)) target.value = found.address;
      status.textContent = button.dataset.msgFilled ?? '';
      target.focus();
      target.setSelectionRange(target.value.length, target.value.length);
    } catch {
      // The server can do the same without JavaScript.
      form?.requestSubmit(button);
    } finally {
      button.disabled = false;
    }
  });
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-postal-lookup]')) enhance(button);
