/**
 * Bank account island. In each `fieldset[data-bank-lookup]`, once 4 digits are typed as the bank
 * code (3 as the branch code; 全角 digits accepted) the name is fetched from `data-bank-url` and
 * written into the status line after the input, so the resident sees at once whether the code is
 * right. Without JavaScript the server shows the same names after the section is checked. Texts
 * come from data-msg-* attributes rendered in the page's language.
 */

const digits = (s: string) => s.normalize('NFKC').replace(/[\s\-‐－ー―−]/g, '');

async function nameAt(url: string): Promise<string | null> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) return null;
  return ((await res.json()) as { name: string }).name;
}

function enhance(set: HTMLFieldSetElement): void {
  const { bankUrl, bankInput, branchInput, bankStatus, branchStatus, msgBank, msgBranch, msgBankUnknown, msgBranchUnknown } = set.dataset;
  const bank = document.getElementById(bankInput ?? '') as HTMLInputElement | null;
  const branch = document.getElementById(branchInput ?? '') as HTMLInputElement | null;
  const bankOut = document.getElementById(bankStatus ?? '');
  const branchOut = document.getElementById(branchStatus ?? '');
  if (!bankUrl || !bank || !branch || !bankOut || !branchOut) return;
  const fill = (template: string | undefined, name: string, code: string) => (template ?? '').replace('{bank}', name).replace('{branch}', name).replace('{code}', code);
  const update = async () => {
    const b = digits(bank.value);
    const r = digits(branch.value);
    try {
      if (!/^\d{4}$/.test(b)) {
        bankOut.textContent = '';
        branchOut.textContent = '';
        return;
      }
      const bankName = await nameAt(`${bankUrl}${b}`);
      bankOut.textContent = bankName ? fill(msgBank, bankName, b) : fill(msgBankUnknown, '', b);
      if (!bankName || !/^\d{3}$/.test(r)) {
        branchOut.textContent = '';
        return;
      }
      const branchName = await nameAt(`${bankUrl}${b}/branches/${r}`);
      branchOut.textContent = branchName ? fill(msgBranch, branchName, r) : fill(msgBranchUnknown, '', r);
    } catch {
      // The names are shown by the server after the section is checked.
    }
  };
  bank.addEventListener('change', update);
  branch.addEventListener('change', update);
  bank.addEventListener('input', () => digits(bank.value).length === 4 && update());
  branch.addEventListener('input', () => digits(branch.value).length === 3 && update());
}

for (const set of document.querySelectorAll<HTMLFieldSetElement>('fieldset[data-bank-lookup]')) enhance(set);
