/** The PDFs themselves: Japanese text (surrogate pairs too) comes back exactly, wrapping, pagination, A4, reproducibility. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractPdfText, pdfPlainText } from '../../../../test/support/pdf-text.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { renderDecisionNotice, type DecisionNoticeInput } from './decision-notice.ts';
import { renderSubmissionCopy, type SubmissionCopyInput } from './submission-copy.ts';

const form: FormDefinition = {
  sections: [
    {
      id: 'applicant',
      title: { ja: '請求者', en: 'Claimant' },
      fields: [
        { name: 'applicantName', type: 'name', label: { ja: '氏名', en: 'Name' }, prefill: 'name' },
        { name: 'birthdate', type: 'date', label: { ja: '生年月日', en: 'Date of birth' } },
        { name: 'postalCode', type: 'postalCode', label: { ja: '郵便番号', en: 'Postal code' } },
        {
          name: 'relationship',
          type: 'choice',
          label: { ja: '児童との続柄', en: 'Relationship' },
          options: [
            { value: 'father', label: { ja: '父', en: 'Father' } },
            { value: 'mother', label: { ja: '母', en: 'Mother' } },
          ],
        },
        { name: 'spouse', type: 'yesno', label: { ja: '配偶者の有無', en: 'Spouse' } },
        { name: 'spouseName', type: 'name', label: { ja: '配偶者の氏名', en: 'Spouse name' }, showIf: { field: 'spouse', in: ['yes'] } },
        { name: 'remarks', type: 'textarea', label: { ja: '申立事項', en: 'Remarks' } },
        { name: 'account', type: 'bankAccount', label: { ja: '振込先口座', en: 'Bank account' } },
        { name: 'proof', type: 'file', label: { ja: '口座確認書類', en: 'Proof of account' } },
      ],
    },
    {
      id: 'children',
      title: { ja: '児童手当の対象となる子ども', en: 'Children' },
      fields: [
        {
          name: 'children',
          type: 'group',
          label: { ja: '子ども', en: 'Children' },
          itemLabel: { ja: '子ども', en: 'Child' },
          maxItems: 20,
          fields: [
            { name: 'name', type: 'name', label: { ja: '子どもの氏名', en: "Child's name" } },
            { name: 'birthdate', type: 'date', label: { ja: '子どもの生年月日', en: "Child's date of birth" } },
          ],
        },
      ],
    },
  ],
};

const children = Array.from({ length: 18 }, (_, i) => ({ name: `髙橋 子${i + 1}`, birthdate: `2015-04-${String(i + 1).padStart(2, '0')}` }));
const longRemark = `${'保育所の入所に関する申立てです。'.repeat(120)}最後の一文𠮷。`;

const copyInput: SubmissionCopyInput = {
  municipality: 'みなと野市',
  procedureName: { ja: '児童手当の認定請求', en: 'Child allowance claim' },
  departmentName: { ja: '子育て支援課', en: 'Child Support Division' },
  receiptNumber: '2026-000042',
  submittedAt: new Date('2026-11-30T06:33:00Z'),
  formVersion: 3,
  form,
  answers: { applicantName: '𠮷田 花子', birthdate: '1985-04-01', postalCode: '0000011', relationship: 'mother', spouse: 'no', spouseName: '隠れた名前', remarks: longRemark,
    account: { bankCode: '0001', branchCode: '001', accountType: 'ordinary', accountNumber: '1234567', accountHolder: 'ﾖｼﾀﾞ ﾊﾅｺ' } as unknown as string,
    proof: [{ id: '00000000-0000-4000-8000-000000000001', fileName: '通帳の写し_𠮷田.pdf', contentType: 'application/pdf', size: '20480' }],
    children,
  },
};

test('the submission copy: every label and answer as the resident saw it, Japanese text extractable exactly', async () => {
  const pdf = await renderSubmissionCopy(copyInput);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const { pages, unmapped } = extractPdfText(pdf);
  assert.equal(unmapped, 0, 'every glyph maps back to a character');
  const text = pdfPlainText(pdf);
  for (const s of ['申請書の控え', 'みなと野市', '児童手当の認定請求', '子育て支援課', '2026-000042', '第3版', '𠮷田 花子', '髙橋 子1', '髙橋 子18', '最後の一文𠮷。'])
    assert.ok(text.includes(s), `${s} is in the PDF`);
  // As on the check page: choice labels (not codes), 和暦 with 西暦, 〒, yes/no words, group items.
  assert.ok(text.includes('児童との続柄母'), 'choice label');
  assert.ok(!text.includes('mother'));
  assert.ok(text.includes('昭和60年4月1日（1985年4月1日）'));
  assert.ok(text.includes('〒000-0011'));
  assert.ok(text.includes('子ども（18人目）'));
  assert.ok(/振込先口座みずほ（0001） 東京営業部（001） 普通 1234567 ﾖｼﾀﾞ ﾊﾅｺ/.test(text), 'bank account with bank and branch names');
  assert.ok(text.includes('口座確認書類通帳の写し_𠮷田.pdf'), 'attachment file name');
  assert.ok(text.includes('令和8年11月30日 15:33（2026年11月30日）'), 'submitted time in 和暦 and 西暦, Japan time');
  assert.ok(!text.includes('隠れた名前'), 'a hidden field (showIf not met) is not printed');
  // Long answers wrap (the remark spans many lines) and many children paginate, header on every page.
  assert.ok(pages.length >= 3, `pages: ${pages.length}`);
  for (const [i, page] of pages.entries()) {
    assert.ok(page.replace(/\n/g, '').includes('申請書の控え　児童手当の認定請求　受付番号 2026-000042'), `header on page ${i + 1}`);
    assert.ok(page.includes(`${i + 1} / ${pages.length}`), `page number on page ${i + 1}`);
  }
  const remarkLines = pages.join('\n').split('\n').filter((l) => l.includes('保育所の入所'));
  assert.ok(remarkLines.length > 10, 'the long answer is wrapped over many lines');
});

test('the copy is A4 with embedded font subsets and is the same bytes every time', async () => {
  const a = await renderSubmissionCopy(copyInput);
  const b = await renderSubmissionCopy(copyInput);
  assert.ok(a.equals(b), 'same input, same bytes');
  const raw = a.toString('latin1');
  assert.match(raw, /\/MediaBox \[0 0 595\.28 841\.89\]/);
  assert.match(raw, /\/FontFile2 /);
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSansJP/);
  assert.ok(a.length < 400_000, `subset, not the 5 MB font: ${a.length} bytes`);
});

const notice: DecisionNoticeInput = {
  municipality: 'みなと野市',
  issuerTitle: 'みなと野市長',
  issuer: 'みなと野市長　港野 一郎',
  addressee: '𠮷田 花子',
  procedureName: { ja: '児童手当の認定請求', en: 'Child allowance claim' },
  receiptNumber: '2026-000042',
  submittedAt: new Date('2026-11-20T01:00:00Z'),
  documentNumber: '子育て支援課 第2026-000007号',
  issuedOn: '2026-11-30',
  decision: 'accepted',
  reason: '',
  department: '子育て支援課',
  contactPhone: '0120-000-000',
};

test('the decision notice: number, date, addressee, issuer, decision; a rejection carries its reason and 教示', async () => {
  const accepted = pdfPlainText(await renderDecisionNotice(notice));
  for (const s of ['子育て支援課 第2026-000007号', '令和8年11月30日', '𠮷田 花子 様', 'みなと野市長　港野 一郎', '決定通知書', '児童手当の認定請求について（通知）', '令和8年11月20日付けで申請のあった', '承認', '2026-000042', '子育て支援課（電話 0120-000-000）'])
    assert.ok(accepted.includes(s), `${s} is in the notice`);
  assert.ok(!accepted.includes('教示'));
  const rejected = await renderDecisionNotice({ ...notice, decision: 'rejected', reason: '所得が基準を超えているため（髙橋様の世帯）' });
  const text = pdfPlainText(rejected);
  for (const s of ['却下通知書', '却下', '所得が基準を超えているため（髙橋様の世帯）', '教示', '3か月以内に、みなと野市長に対して審査請求']) assert.ok(text.includes(s), `${s} is in the rejection`);
  assert.equal(extractPdfText(rejected).unmapped, 0);
  assert.ok(rejected.equals(await renderDecisionNotice({ ...notice, decision: 'rejected', reason: '所得が基準を超えているため（髙橋様の世帯）' })));
});
