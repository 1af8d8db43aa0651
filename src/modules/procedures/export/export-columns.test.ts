/** The per-field CSV columns: form order, older versions' fields appended, groups flattened, bank account split, files named, hidden fields empty. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnswerValue, FormDefinition } from '../forms/form-definition.ts';
import { formColumns } from './export.service.ts';

const t = (ja: string) => ({ ja, en: ja });
const current: FormDefinition = {
  sections: [
    {
      id: 'a',
      title: t('申請者'),
      fields: [
        { name: 'applicantName', type: 'name', label: t('氏名') },
        { name: 'spouse', type: 'yesno', label: t('配偶者') },
        { name: 'spouseName', type: 'name', label: t('配偶者の氏名'), showIf: { field: 'spouse', in: ['yes'] } },
        { name: 'account', type: 'bankAccount', label: t('口座') },
        { name: 'proof', type: 'file', label: t('書類') },
        { name: 'children', type: 'group', label: t('子ども'), maxItems: 2, fields: [{ name: 'name', type: 'name', label: t('氏名') }, { name: 'birthdate', type: 'date', label: t('生年月日') }] },
      ],
    },
  ],
};
const older: FormDefinition = { sections: [{ id: 'a', title: t('申請者'), fields: [{ name: 'applicantName', type: 'name', label: t('氏名') }, { name: 'fax', type: 'phone', label: t('FAX') }] }] };

test('columns follow the form; bank account parts, file names, group items; hidden answers stay empty', () => {
  const answers = {
    applicantName: '𠮷田 花子',
    spouse: 'no',
    spouseName: '残っていた値',
    account: { bankCode: '0001', branchCode: '001', accountType: 'ordinary', accountNumber: '1234567', accountHolder: 'ﾖｼﾀﾞ ﾊﾅｺ' },
    proof: [{ id: 'x', fileName: '通帳.pdf' }, { id: 'y', fileName: '本人確認.jpg' }],
    children: [{ name: '髙橋 一郎', birthdate: '2016-05-01' }],
    fax: '0312345678',
  } as unknown as Record<string, AnswerValue>;
  const columns = formColumns([current, older], [answers]);
  assert.deepEqual(
    columns.map((c) => c.header),
    ['applicantName', 'spouse', 'spouseName', 'account_bank_code', 'account_branch_code', 'account_account_type', 'account_account_number', 'account_account_holder', 'proof', 'children1_name', 'children1_birthdate', 'children2_name', 'children2_birthdate', 'fax'],
  );
  assert.deepEqual(
    columns.map((c) => c.value(answers)),
    ['𠮷田 花子', 'no', '', '0001', '001', 'ordinary', '1234567', 'ﾖｼﾀﾞ ﾊﾅｺ', '通帳.pdf | 本人確認.jpg', '髙橋 一郎', '2016-05-01', '', '', '0312345678'],
  );
});

test('a group without maxItems gets as many item columns as the largest answer in the batch', () => {
  const form: FormDefinition = { sections: [{ id: 'a', title: t('a'), fields: [{ name: 'kids', type: 'group', label: t('子'), fields: [{ name: 'name', type: 'name', label: t('氏名') }] }] }] };
  const columns = formColumns([form], [{ kids: [{ name: 'a' }] }, { kids: [{ name: 'b' }, { name: 'c' }, { name: 'd' }] }]);
  assert.deepEqual(columns.map((c) => c.header), ['kids1_name', 'kids2_name', 'kids3_name']);
});
