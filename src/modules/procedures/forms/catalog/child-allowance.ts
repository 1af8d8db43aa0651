/**
 * Forms of the child allowance notifications (児童手当, national procedures 2–10), after the usual
 * content of the 額改定請求書, 氏名・住所変更届, 受給事由消滅届, 未支払請求書, 寄附の申出書,
 * 学校給食費等徴収の申出書 and 現況届 that municipalities print.
 */
import type { FormDefinition } from '../form-definition.ts';
import { allowanceChildFields, allowanceRecipientNo, applicantSection, bankAccountField, contactSection, declaration, onlyIf, option, t } from './common.ts';

const RECIPIENT = t('受給者（あなた）について', 'About you (the recipient)');

export const childAllowanceRevisionForm: FormDefinition = {
  sections: [
    applicantSection(RECIPIENT, [allowanceRecipientNo]),
    {
      id: 'revision',
      title: t('改定の内容', 'What changed'),
      intro: t('支給の対象となる子どもが増えたときは「増額」、減ったときは「減額」です。', 'Choose “increase” when you now raise more eligible children, “decrease” when fewer.'),
      fields: [
        { name: 'direction', type: 'choice', label: t('改定の種類', 'Type of revision'), required: true, options: [option('increase', '増額（子どもが増えた）', 'Increase (more children)'), option('decrease', '減額（子どもが減った）', 'Decrease (fewer children)')] },
        { name: 'increaseReason', type: 'choice', label: t('増えた理由', 'Why the number increased'), ...onlyIf('direction', 'increase'), options: [option('birth', '出生', 'A birth'), option('care', '子どもを養育するようになった（養子縁組・引き取りなど）', 'You started raising a child (adoption, taking in …)'), option('other', 'その他', 'Other')] },
        { name: 'decreaseReason', type: 'choice', label: t('減った理由', 'Why the number decreased'), ...onlyIf('direction', 'decrease'), options: [option('apart', '子どもを養育しなくなった', 'You no longer raise a child'), option('death', '子どもの死亡', "A child's death"), option('facility', '子どもが施設に入所した', 'A child entered a care facility'), option('other', 'その他', 'Other')] },
        { name: 'eventDate', type: 'date', label: t('事由が生じた日', 'Date of the change'), required: true, min: -366, max: 0, hint: t('出生日・養育を始めた日など。15日以内に届け出てください。', 'The birth date, the day you started raising the child … Notify us within 15 days.') },
      ],
    },
    {
      id: 'children',
      title: t('増えた（減った）子ども', 'The children who were added or removed'),
      fields: [{ name: 'children', type: 'group', label: t('対象となる子ども', 'Children'), itemLabel: t('子ども', 'Child'), required: true, minItems: 1, maxItems: 10, fields: allowanceChildFields }],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、児童手当の額の改定を請求（届出）します。', 'I declare that what I have entered is true and request the revision of the allowance.')),
  ],
};

export const childAllowanceChangeForm: FormDefinition = {
  sections: [
    applicantSection(RECIPIENT, [allowanceRecipientNo]),
    {
      id: 'changes',
      title: t('変更があった内容', 'What has changed'),
      intro: t('変わったものすべてに「はい」を選んでください。', 'Choose “yes” for everything that changed.'),
      fields: [
        { name: 'nameChanged', type: 'yesno', label: t('受給者の氏名が変わりましたか', 'Did your name change?'), required: true },
        { name: 'oldName', type: 'name', label: t('変更前の氏名', 'Previous name'), ...onlyIf('nameChanged', 'yes') },
        { name: 'addressChanged', type: 'yesno', label: t('市内で住所が変わりましたか', 'Did you move within the city?'), required: true, hint: t('市外へ転出する場合は「受給事由消滅の届出」をしてください。', 'If you move out of the city, use the notification that the entitlement has ended.') },
        { name: 'oldAddress', type: 'address', label: t('変更前の住所', 'Previous address'), ...onlyIf('addressChanged', 'yes') },
        { name: 'accountChanged', type: 'yesno', label: t('振込先の口座を変えますか', 'Do you want to change the payment account?'), required: true },
        { name: 'newAccount', type: 'bankAccount', label: t('新しい振込先口座', 'New payment account'), ...onlyIf('accountChanged', 'yes'), hint: t('受給者名義の口座に限ります。', "The account must be in the recipient's name.") },
        { name: 'childChanged', type: 'yesno', label: t('子どもの氏名・住所が変わりましたか', "Did a child's name or address change?"), required: true },
        { name: 'childChanges', type: 'textarea', label: t('変わった子どもと変更内容', 'Which child and what changed'), maxLength: 500, ...onlyIf('childChanged', 'yes'), hint: t('例: 長男 みなと野 一郎 の住所が○○に変わった', 'For example: the address of our eldest son changed to …') },
        { name: 'changeDate', type: 'date', label: t('変更があった日', 'Date of the change'), required: true, min: -366, max: 0 },
      ],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、変更を届け出ます。', 'I declare that what I have entered is true and notify the change.')),
  ],
};

export const childAllowanceEndForm: FormDefinition = {
  sections: [
    applicantSection(RECIPIENT, [allowanceRecipientNo]),
    {
      id: 'reason',
      title: t('受給しなくなった理由', 'Why the entitlement ended'),
      fields: [
        { name: 'reason', type: 'choice', label: t('理由', 'Reason'), required: true, options: [
          option('moveOut', '市外へ転出する（した）', 'Moving (moved) out of the city'), option('noChild', '子どもを養育しなくなった', 'No longer raising the children'),
          option('civil', '公務員になった', 'Became a public servant'), option('otherParent', '配偶者が受給者になる（所得の逆転など）', 'The spouse becomes the recipient (e.g. income changed)'),
          option('other', 'その他', 'Other'),
        ] },
        { name: 'moveOutDate', type: 'date', label: t('転出（予定）日', 'Date of moving out'), min: -366, max: 180, ...onlyIf('reason', 'moveOut'), hint: t('転出予定日の翌日から15日以内に転出先で新たに請求してください。', 'Claim again at your new municipality within 15 days of the move.') },
        { name: 'newAddress', type: 'address', label: t('転出先の住所', 'New address'), ...onlyIf('reason', 'moveOut') },
        { name: 'reasonOther', type: 'textarea', label: t('その他の理由', 'Other reason'), maxLength: 500, ...onlyIf('reason', 'other') },
        { name: 'eventDate', type: 'date', label: t('事由が生じた日', 'Date the reason arose'), required: true, min: -366, max: 180 },
      ],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、受給事由の消滅を届け出ます。', 'I declare that what I have entered is true and notify that the entitlement has ended.')),
  ],
};

export const childAllowanceUnpaidForm: FormDefinition = {
  sections: [
    applicantSection(t('請求する方（あなた）について', 'About you (the claimant)'), [
      { name: 'claimantRole', type: 'choice', label: t('あなたは', 'You are'), required: true, options: [option('child', '亡くなった受給者が養育していた子ども本人', 'The child the recipient raised'), option('guardian', 'その子どもの法定代理人（未成年後見人など）', "The child's legal representative (e.g. guardian)")] },
      { name: 'childName', type: 'name', label: t('子どもの氏名', "The child's name"), ...onlyIf('claimantRole', 'guardian') },
      { name: 'childBirthdate', type: 'date', label: t('子どもの生年月日', "The child's date of birth"), max: 0, ...onlyIf('claimantRole', 'guardian') },
    ]),
    {
      id: 'deceased',
      title: t('亡くなった受給者', 'The recipient who died'),
      fields: [
        { name: 'deceasedName', type: 'name', label: t('受給者の氏名', "Recipient's name"), required: true },
        { name: 'deceasedKana', type: 'kana', label: t('受給者のフリガナ', "Recipient's name in katakana"), required: true },
        { name: 'deceasedBirthdate', type: 'date', label: t('受給者の生年月日', "Recipient's date of birth"), required: true, max: 0 },
        { name: 'deathDate', type: 'date', label: t('亡くなった日', 'Date of death'), required: true, min: -2 * 366, max: 0 },
        allowanceRecipientNo,
        { name: 'deathProof', type: 'file', label: t('亡くなったことがわかる書類', 'Document showing the death'), accept: ['pdf', 'image'], maxFiles: 2, hint: t('死亡診断書の写しなど。市で確認できる場合は不要です。', 'For example a copy of the death certificate. Not needed if the city can confirm it.') },
      ],
    },
    { id: 'payment', title: t('振込先口座', 'Payment account'), intro: t('請求する方の名義の口座を入力してください。', "Enter an account in the claimant's name."), fields: [bankAccountField('account', t('振込先口座', 'Payment account'))] },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、未支払の児童手当を請求します。', 'I declare that what I have entered is true and claim the unpaid allowance.')),
  ],
};

const donationUse = [option('general', '市の子育て支援全般', "The city's child-care support in general"), option('nursery', '保育所・放課後児童クラブの充実', 'Nurseries and after-school clubs'), option('poverty', '子どもの貧困対策', 'Support for children in poverty')];

export const childAllowanceDonationForm: FormDefinition = {
  sections: [
    applicantSection(RECIPIENT, [allowanceRecipientNo]),
    {
      id: 'donation',
      title: t('寄附の内容', 'Your donation'),
      intro: t('寄附した金額は、受け取ったものとして扱われます（税の寄附金控除の対象になります）。', 'A donated amount counts as received (and qualifies for the tax deduction for donations).'),
      fields: [
        { name: 'scope', type: 'choice', label: t('寄附する額', 'How much'), required: true, options: [option('all', '支給額の全部', 'The whole allowance'), option('part', '支給額の一部', 'Part of it')] },
        { name: 'amountPerPayment', type: 'number', label: t('1回の支払いごとの寄附額（円）', 'Amount per payment (yen)'), min: 1000, max: 200_000, ...onlyIf('scope', 'part'), hint: t('1,000円単位で入力してください。', 'In units of 1,000 yen.') },
        { name: 'use', type: 'choice', label: t('寄附の使いみち', 'Use of the donation'), required: true, options: donationUse },
        { name: 'startMonth', type: 'date', label: t('寄附を始める支払月', 'First payment month to donate'), required: true, min: 0, max: 366, hint: t('その月の1日を入力してください（例: 令和8年6月1日）。', 'Enter the 1st of that month (e.g. 2026/6/1).') },
      ],
    },
    contactSection,
    declaration(t('支給される児童手当を市に寄附することを申し出ます。', 'I offer to donate my child allowance to the city.')),
  ],
};

export const childAllowanceDonationChangeForm: FormDefinition = {
  sections: [
    applicantSection(RECIPIENT, [allowanceRecipientNo]),
    {
      id: 'donationChange',
      title: t('変更の内容', 'The change'),
      fields: [
        { name: 'change', type: 'choice', label: t('どのように変えますか', 'What do you want to do?'), required: true, options: [option('amount', '寄附する額を変える', 'Change the amount'), option('use', '使いみちを変える', 'Change the use'), option('stop', '寄附をやめる', 'Stop donating')] },
        { name: 'newScope', type: 'choice', label: t('新しい寄附額', 'New amount'), ...onlyIf('change', 'amount'), options: [option('all', '支給額の全部', 'The whole allowance'), option('part', '支給額の一部', 'Part of it')] },
        { name: 'newAmount', type: 'number', label: t('1回の支払いごとの寄附額（円）', 'Amount per payment (yen)'), min: 1000, max: 200_000, ...onlyIf('newScope', 'part') },
        { name: 'newUse', type: 'choice', label: t('新しい使いみち', 'New use'), ...onlyIf('change', 'use'), options: donationUse },
        { name: 'effectiveMonth', type: 'date', label: t('変更する支払月', 'From which payment month'), required: true, min: 0, max: 366 },
      ],
    },
    contactSection,
    declaration(t('児童手当の寄附について、上記のとおり変更を届け出ます。', 'I notify the change to my donation as above.')),
  ],
};

const feeKinds = [option('lunch', '学校給食費', 'School lunch fee'), option('nursery', '保育料', 'Day-care fee'), option('both', '学校給食費と保育料', 'Both')];
const schoolChild = [
  { name: 'name', type: 'name' as const, label: t('子どもの氏名', "Child's name"), required: true },
  { name: 'kana', type: 'kana' as const, label: t('フリガナ', 'Name in katakana'), required: true },
  { name: 'school', type: 'text' as const, label: t('学校・保育施設名', 'School or nursery'), required: true, maxLength: 60 },
  { name: 'fee', type: 'choice' as const, label: t('差し引く費用', 'Fee to deduct'), required: true, options: feeKinds },
];

export const schoolLunchDeductionForm: FormDefinition = {
  sections: [
    applicantSection(RECIPIENT, [allowanceRecipientNo]),
    {
      id: 'children',
      title: t('費用を差し引く子ども', 'Children whose fees are deducted'),
      intro: t('児童手当から差し引いて納める費用を、子どもごとに選んでください。差し引いた残りを口座に振り込みます。', 'Choose for each child which fees to deduct from the allowance. We pay the rest into your account.'),
      fields: [{ name: 'children', type: 'group', label: t('子ども', 'Children'), itemLabel: t('子ども', 'Child'), required: true, minItems: 1, maxItems: 10, fields: schoolChild }],
    },
    contactSection,
    declaration(t('児童手当から上記の費用を差し引いて納めることを申し出ます。', 'I ask that the fees above be deducted from my child allowance.')),
  ],
};

export const schoolLunchDeductionChangeForm: FormDefinition = {
  sections: [
    applicantSection(RECIPIENT, [allowanceRecipientNo]),
    {
      id: 'change',
      title: t('変更の内容', 'The change'),
      fields: [
        { name: 'change', type: 'choice', label: t('どのように変えますか', 'What do you want to do?'), required: true, options: [option('change', '差し引く子ども・費用を変える', 'Change the children or fees'), option('stop', '差し引きをやめる', 'Stop the deduction')] },
        { name: 'children', type: 'group', label: t('変更後の子どもと費用', 'Children and fees after the change'), itemLabel: t('子ども', 'Child'), minItems: 1, maxItems: 10, fields: schoolChild, ...onlyIf('change', 'change') },
        { name: 'reason', type: 'textarea', label: t('変更の理由', 'Reason'), maxLength: 500, required: true, hint: t('例: 卒業した、転校した', 'For example graduated, changed school') },
        { name: 'effectiveMonth', type: 'date', label: t('変更する支払月', 'From which payment month'), required: true, min: 0, max: 366 },
      ],
    },
    contactSection,
    declaration(t('学校給食費等の徴収について、上記のとおり変更を届け出ます。', 'I notify the change to the deduction of fees as above.')),
  ],
};

export const childAllowanceStatusForm: FormDefinition = {
  sections: [
    applicantSection(RECIPIENT, [
      allowanceRecipientNo,
      { name: 'insurance', type: 'choice', label: t('6月1日に加入していた年金・健康保険', 'Pension and health insurance on 1 June'), required: true, options: [
        option('kosei', '厚生年金・健康保険（会社員など）', 'Employees’ pension and health insurance'), option('kokumin', '国民年金・国民健康保険', 'National pension and national health insurance'), option('kyosai', '共済組合（公務員）', 'Mutual aid association (public servants)'),
      ] },
    ], t('6月1日時点の状況を入力してください。マイナンバーカードの情報を入力済みです。', 'Enter your situation on 1 June. We have filled in what your My Number Card says.')),
    {
      id: 'situation',
      title: t('6月1日の状況', 'Your situation on 1 June'),
      fields: [
        { name: 'spouse', type: 'yesno', label: t('配偶者はいますか', 'Do you have a spouse?'), required: true },
        { name: 'livingApart', type: 'yesno', label: t('配偶者と別居していますか（離婚協議中など）', 'Do you live apart from your spouse (e.g. during divorce talks)?'), ...onlyIf('spouse', 'yes') },
        { name: 'apartDetails', type: 'textarea', label: t('別居の状況', 'About living apart'), maxLength: 500, ...onlyIf('livingApart', 'yes'), hint: t('別居を始めた時期、配偶者の住所、協議・調停の状況など。', 'When you started living apart, the spouse’s address, the state of talks or mediation.') },
        { name: 'children', type: 'group', label: t('養育している子ども', 'Children you raise'), itemLabel: t('子ども', 'Child'), required: true, minItems: 1, maxItems: 10, fields: allowanceChildFields },
      ],
    },
    contactSection,
    declaration(t('6月1日の状況は上記のとおりであることを届け出ます。', 'I report that my situation on 1 June was as above.')),
  ],
};
