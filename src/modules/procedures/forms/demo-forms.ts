/**
 * The forms the demo municipality publishes. 児童手当の認定請求 and 住民票の写しの交付請求 have the
 * fields a real municipality asks for; the other seeded procedures have theirs in catalog/. The
 * general form (applicant, contact, the request in free text, declaration) is where a procedure
 * created in the form builder starts.
 */
import type { Text } from '../../../platform/i18n/index.ts';
import { catalogForms } from './catalog/index.ts';
import type { FieldDef, FormDefinition, SectionDef } from './form-definition.ts';

const t = (ja: string, en: string): Text => ({ ja, en });
const yesNo = (no = false) => ({ type: 'yesno' as const, required: !no });

const applicantFields: FieldDef[] = [
  { name: 'applicantName', type: 'name', label: t('氏名', 'Full name'), required: true, prefill: 'name', hint: t('マイナンバーカードの記載どおりに入力してください。', 'As written on your My Number Card.') },
  { name: 'applicantKana', type: 'kana', label: t('フリガナ', 'Name in katakana'), required: true, hint: t('カタカナで入力してください（例: ミナトノ タロウ）。', 'In katakana, like ミナトノ タロウ.') },
  { name: 'applicantBirthdate', type: 'date', label: t('生年月日', 'Date of birth'), required: true, prefill: 'birthdate', max: 0, hint: t('例: 昭和60年4月1日、1985/4/1', 'For example 1985/4/1 or 昭和60年4月1日') },
  { name: 'postalCode', type: 'postalCode', label: t('郵便番号', 'Postal code'), required: true, hint: t('例: 123-4567', 'For example 123-4567') },
  { name: 'address', type: 'address', label: t('住所', 'Address'), required: true, prefill: 'address' },
];

const contactSection: SectionDef = {
  id: 'contact',
  title: t('連絡先', 'Contact details'),
  fields: [
    { name: 'phone', type: 'phone', label: t('日中に連絡のつく電話番号', 'Daytime phone number'), required: true, hint: t('例: 090-1234-5678', 'For example 090-1234-5678') },
    { name: 'email', type: 'email', label: t('メールアドレス', 'E-mail address'), prefill: 'email', hint: t('受付のお知らせをお送りします。', 'We send the receipt here.') },
  ],
};

const declaration = (text: Text): SectionDef => ({
  id: 'declaration',
  title: t('確認と同意', 'Declaration'),
  fields: [{ name: 'consent', type: 'consent', label: text, required: true }],
});

export const childAllowanceClaimForm: FormDefinition = {
  sections: [
    {
      id: 'applicant',
      title: t('請求者（あなた）について', 'About you (the claimant)'),
      intro: t('マイナンバーカードの情報を入力済みです。違っているところは直してください。', 'We have filled in what your My Number Card says. Correct anything that is wrong.'),
      fields: [
        ...applicantFields,
        { name: 'occupation', type: 'choice', label: t('職業', 'Occupation'), required: true, options: [
          { value: 'employee', label: t('会社員', 'Company employee') }, { value: 'self', label: t('自営業', 'Self-employed') },
          { value: 'civil', label: t('公務員', 'Public servant') }, { value: 'none', label: t('無職・その他', 'Not employed or other') },
        ] },
        { name: 'insurance', type: 'choice', label: t('加入している年金・健康保険', 'Pension and health insurance'), required: true, options: [
          { value: 'kosei', label: t('厚生年金・健康保険（会社員など）', 'Employees’ pension and health insurance') },
          { value: 'kokumin', label: t('国民年金・国民健康保険', 'National pension and national health insurance') },
          { value: 'kyosai', label: t('共済組合（公務員）', 'Mutual aid association (public servants)') },
        ] },
        { name: 'spouse', ...yesNo(), label: t('配偶者はいますか', 'Do you have a spouse?') },
        { name: 'spouseName', type: 'name', label: t('配偶者の氏名', "Spouse's name"), showIf: { field: 'spouse', in: ['yes'] }, requiredIf: { field: 'spouse', in: ['yes'] } },
        { name: 'spouseKana', type: 'kana', label: t('配偶者のフリガナ', "Spouse's name in katakana"), showIf: { field: 'spouse', in: ['yes'] }, requiredIf: { field: 'spouse', in: ['yes'] } },
      ],
    },
    {
      id: 'children',
      title: t('対象となる子ども', 'The children'),
      intro: t('あなたが養育している高校生年代までの子どもを、1人ずつ入力してください。', 'Add each child up to high-school age whom you raise, one at a time.'),
      fields: [
        {
          name: 'children', type: 'group', label: t('対象となる子ども', 'Children'), itemLabel: t('子ども', 'Child'), required: true, minItems: 1, maxItems: 10,
          fields: [
            { name: 'name', type: 'name', label: t('氏名', 'Full name'), required: true },
            { name: 'kana', type: 'kana', label: t('フリガナ', 'Name in katakana'), required: true },
            { name: 'birthdate', type: 'date', label: t('生年月日', 'Date of birth'), required: true, min: -19 * 366, max: 0 },
            { name: 'relationship', type: 'choice', label: t('請求者との続柄', 'Relationship to you'), required: true, options: [
              { value: 'child', label: t('子', 'Child') }, { value: 'grandchild', label: t('孫', 'Grandchild') }, { value: 'other', label: t('その他', 'Other') },
            ] },
            { name: 'livesTogether', ...yesNo(), label: t('同居していますか', 'Does the child live with you?') },
            { name: 'address', type: 'address', label: t('子どもの住所', "The child's address"), showIf: { field: 'livesTogether', in: ['no'] }, requiredIf: { field: 'livesTogether', in: ['no'] } },
          ],
        },
      ],
    },
    {
      id: 'payment',
      title: t('振込先口座', 'Payment account'),
      intro: t('請求者名義の口座を入力してください。', "Enter an account in the claimant's name."),
      fields: [
        { name: 'payeeAccount', type: 'bankAccount', label: t('振込先口座', 'Payment account'), required: true },
        {
          name: 'accountDocument', type: 'file', label: t('口座確認書類', 'Proof of the account'), accept: ['pdf', 'image'], maxBytes: 5 * 1024 * 1024, maxFiles: 1,
          hint: t('通帳の表紙の裏（口座番号と名義のあるページ）またはキャッシュカードの写真・スキャン。ここで添付できない場合は、後日窓口か郵送で提出してください。', 'A photo or scan of the passbook page with the account number and name, or of the cash card. If you cannot attach it here, bring or post it later.'),
        },
      ],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、児童手当の認定を請求します。', 'I declare that what I have entered is true and claim the child allowance.')),
  ],
};

export const residenceCertificateForm: FormDefinition = {
  sections: [
    {
      id: 'applicant',
      title: t('請求者（あなた）について', 'About you'),
      intro: t('マイナンバーカードの情報を入力済みです。違っているところは直してください。', 'We have filled in what your My Number Card says. Correct anything that is wrong.'),
      fields: applicantFields,
    },
    {
      id: 'request',
      title: t('請求する内容', 'What you need'),
      fields: [
        { name: 'scope', type: 'choice', label: t('記載する人', 'Who to include'), required: true, options: [{ value: 'household', label: t('世帯全員', 'The whole household') }, { value: 'self', label: t('本人のみ', 'Only me') }, { value: 'some', label: t('世帯の一部', 'Some members of the household') }] },
        { name: 'members', type: 'textarea', label: t('記載する方の氏名', 'Names of those to include'), maxLength: 500, showIf: { field: 'scope', in: ['some'] }, requiredIf: { field: 'scope', in: ['some'] } },
        { name: 'copies', type: 'number', label: t('通数', 'Number of copies'), required: true, min: 1, max: 10, hint: t('1通300円です。', '300 yen per copy.') },
        { name: 'domicile', ...yesNo(), label: t('本籍・筆頭者を記載しますか', 'Show the registered domicile?') },
        { name: 'relationship', ...yesNo(), label: t('続柄を記載しますか', 'Show relationships?') },
        { name: 'purpose', type: 'choice', label: t('使いみち', 'Purpose'), required: true, options: [
          { value: 'license', label: t('運転免許', "Driver's licence") }, { value: 'pension', label: t('年金', 'Pension') }, { value: 'employment', label: t('就職', 'Employment') },
          { value: 'contract', label: t('契約・登記', 'Contract or registration') }, { value: 'other', label: t('その他', 'Other') },
        ] },
        { name: 'purposeOther', type: 'text', label: t('その他の使いみち', 'Other purpose'), maxLength: 100, showIf: { field: 'purpose', in: ['other'] }, requiredIf: { field: 'purpose', in: ['other'] } },
      ],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを確認し、住民票の写しを請求します。手数料は受け取り時にお支払いします。', 'I confirm what I have entered and request the copies. I will pay the fee on receipt.')),
  ],
};

export const generalForm: FormDefinition = {
  sections: [
    {
      id: 'applicant',
      title: t('申請者（あなた）について', 'About you'),
      intro: t('マイナンバーカードの情報を入力済みです。違っているところは直してください。', 'We have filled in what your My Number Card says. Correct anything that is wrong.'),
      fields: applicantFields,
    },
    {
      id: 'details',
      title: t('申請の内容', 'Your request'),
      fields: [
        { name: 'forWhom', type: 'choice', label: t('申請の対象となる方', 'Who the application is for'), required: true, options: [{ value: 'self', label: t('本人', 'Myself') }, { value: 'family', label: t('家族（代理申請）', 'A family member (on their behalf)') }] },
        { name: 'subjectName', type: 'name', label: t('対象となる方の氏名', 'Name of that person'), showIf: { field: 'forWhom', in: ['family'] }, requiredIf: { field: 'forWhom', in: ['family'] } },
        { name: 'subjectRelationship', type: 'text', label: t('対象となる方との続柄', 'Your relationship to that person'), maxLength: 20, showIf: { field: 'forWhom', in: ['family'] }, requiredIf: { field: 'forWhom', in: ['family'] } },
        { name: 'details', type: 'textarea', label: t('申請の内容・理由', 'What you are applying for and why'), required: true, maxLength: 2000 },
      ],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、申請します。', 'I declare that what I have entered is true and apply.')),
  ],
};

/** The published form of each seeded procedure, by slug; the general form only for a slug the catalog does not know. */
export function demoFormFor(slug: string): FormDefinition {
  if (slug === 'child-allowance-claim') return childAllowanceClaimForm;
  if (slug === 'residence-certificate') return residenceCertificateForm;
  return catalogForms[slug] ?? generalForm;
}
