/**
 * Building blocks the catalog forms share, taken from what the paper forms of Japanese municipalities
 * ask again and again: the applicant (申請者) prefilled from the card, the person the application is
 * about when someone else applies (代理・家族), the long-term care insured person (被保険者), the
 * doctor (主治医), the payment account, contact details and the declaration (申立て).
 */
import type { Text } from '../../../../platform/i18n/index.ts';
import type { Condition, FieldDef, SectionDef } from '../form-definition.ts';

export const t = (ja: string, en: string): Text => ({ ja, en });

export const option = (value: string, ja: string, en: string) => ({ value, label: t(ja, en) });

/** Shown and required together: the usual "answer this only if …" rule of paper forms. */
export const onlyIf = (field: string, ...values: string[]): { showIf: Condition; requiredIf: Condition } => ({ showIf: { field, in: values }, requiredIf: { field, in: values } });

export const CARD_INTRO = t('マイナンバーカードの情報を入力済みです。違っているところは直してください。', 'We have filled in what your My Number Card says. Correct anything that is wrong.');

export const applicantFields: FieldDef[] = [
  { name: 'applicantName', type: 'name', label: t('氏名', 'Full name'), required: true, prefill: 'name', hint: t('マイナンバーカードの記載どおりに入力してください。', 'As written on your My Number Card.') },
  { name: 'applicantKana', type: 'kana', label: t('フリガナ', 'Name in katakana'), required: true, hint: t('カタカナで入力してください（例: ミナトノ タロウ）。', 'In katakana, like ミナトノ タロウ.') },
  { name: 'applicantBirthdate', type: 'date', label: t('生年月日', 'Date of birth'), required: true, prefill: 'birthdate', max: 0, hint: t('例: 昭和60年4月1日、1985/4/1', 'For example 1985/4/1 or 昭和60年4月1日') },
  { name: 'postalCode', type: 'postalCode', label: t('郵便番号', 'Postal code'), required: true, hint: t('例: 123-4567', 'For example 123-4567') },
  { name: 'address', type: 'address', label: t('住所', 'Address'), required: true, prefill: 'address' },
];

/** The signed-in person, prefilled from the card; `extra` adds the fields that form asks about them. */
export function applicantSection(title: Text, extra: FieldDef[] = [], intro: Text = CARD_INTRO): SectionDef {
  return { id: 'applicant', title, intro, fields: [...applicantFields, ...extra] };
}

/** 受給者番号 of the child allowance: printed on the notice of certification. Optional, because many do not keep it. */
export const allowanceRecipientNo: FieldDef = {
  name: 'recipientNumber', type: 'text', label: t('受給者番号（わかる場合）', 'Recipient number (if you know it)'), maxLength: 20,
  hint: t('認定通知書に記載されています。わからなければ空欄で構いません。', 'It is on your notice of certification. Leave it empty if you do not know it.'),
};

export const contactSection: SectionDef = {
  id: 'contact',
  title: t('連絡先', 'Contact details'),
  intro: t('内容の確認のため、担当課からお電話することがあります。', 'The division may phone you to check details.'),
  fields: [
    { name: 'phone', type: 'phone', label: t('日中に連絡のつく電話番号', 'Daytime phone number'), required: true, hint: t('例: 090-1234-5678', 'For example 090-1234-5678') },
    { name: 'email', type: 'email', label: t('メールアドレス', 'E-mail address'), prefill: 'email', hint: t('受付のお知らせをお送りします。', 'We send the receipt here.') },
  ],
};

export const declaration = (text: Text): SectionDef => ({
  id: 'declaration',
  title: t('確認と同意', 'Declaration'),
  fields: [{ name: 'consent', type: 'consent', label: text, required: true }],
});

/** A child as the child allowance forms describe one (氏名・フリガナ・生年月日・続柄・同居). */
export const allowanceChildFields: FieldDef[] = [
  { name: 'name', type: 'name', label: t('氏名', 'Full name'), required: true },
  { name: 'kana', type: 'kana', label: t('フリガナ', 'Name in katakana'), required: true },
  { name: 'birthdate', type: 'date', label: t('生年月日', 'Date of birth'), required: true, min: -23 * 366, max: 0 },
  { name: 'relationship', type: 'choice', label: t('受給者との続柄', 'Relationship to the recipient'), required: true, options: [option('child', '子', 'Child'), option('grandchild', '孫', 'Grandchild'), option('other', 'その他', 'Other')] },
  { name: 'livesTogether', type: 'yesno', label: t('同居していますか', 'Does the child live with you?'), required: true },
  { name: 'childAddress', type: 'address', label: t('子どもの住所', "The child's address"), ...onlyIf('livesTogether', 'no'), hint: t('別居監護申立書も必要です。', 'A statement of care while living apart is also needed.') },
];

export const bankAccountField = (name: string, label: Text, hint?: Text): FieldDef => ({
  name, type: 'bankAccount', label, required: true,
  hint: hint ?? t('金融機関コード（4桁）・支店コード（3桁）は通帳やキャッシュカードで確認できます。', 'The bank code (4 digits) and branch code (3 digits) are on your bank book or cash card.'),
});

/* ---------- Long-term care (介護保険) ---------- */

export const careLevels = [
  option('support1', '要支援1', 'Support level 1'), option('support2', '要支援2', 'Support level 2'),
  option('care1', '要介護1', 'Care level 1'), option('care2', '要介護2', 'Care level 2'), option('care3', '要介護3', 'Care level 3'),
  option('care4', '要介護4', 'Care level 4'), option('care5', '要介護5', 'Care level 5'),
];

/**
 * 被保険者: the person the care application is about. Family members and care managers often apply
 * for them, so the signed-in applicant says who they are and, if not the insured person, enters
 * the insured person's details (the applicant's own details are in the first section).
 */
export function insuredSection(extra: FieldDef[] = []): SectionDef {
  const notSelf = onlyIf('applicantRole', 'family', 'other');
  return {
    id: 'insured',
    title: t('被保険者（介護を受ける方）', 'The insured person (who needs care)'),
    intro: t('ご本人以外の方（家族など）が申請する場合は、ご本人の情報を入力してください。', 'If you apply for someone else (for example a parent), enter their details.'),
    fields: [
      { name: 'applicantRole', type: 'choice', label: t('申請するのは', 'Who is applying'), required: true, options: [option('self', '被保険者本人', 'The insured person'), option('family', '家族', 'A family member'), option('other', 'その他（成年後見人・ケアマネジャーなど）', 'Someone else (guardian, care manager …)')] },
      { name: 'relationToInsured', type: 'text', label: t('被保険者との関係', 'Your relationship to the insured person'), maxLength: 30, ...notSelf, hint: t('例: 長男、妻、成年後見人', 'For example eldest son, wife, guardian') },
      { name: 'insuredName', type: 'name', label: t('被保険者の氏名', "Insured person's name"), ...notSelf },
      { name: 'insuredKana', type: 'kana', label: t('被保険者のフリガナ', "Insured person's name in katakana"), ...notSelf },
      { name: 'insuredBirthdate', type: 'date', label: t('被保険者の生年月日', "Insured person's date of birth"), max: -40 * 365, ...notSelf },
      { name: 'insuredAddress', type: 'address', label: t('被保険者の住所', "Insured person's address"), ...notSelf },
      { name: 'insuredNumber', type: 'text', label: t('被保険者番号', 'Insured number'), maxLength: 10, hint: t('介護保険被保険者証に記載の10桁の番号です。40〜64歳で証をお持ちでない方は空欄で構いません。', 'The 10-digit number on the insurance card. Leave it empty if you are 40–64 and have no card.') },
      ...extra,
    ],
  };
}

/** 主治医 and hospital stay: the municipality asks the doctor for the 主治医意見書. */
export const doctorSection: SectionDef = {
  id: 'doctor',
  title: t('主治医と入院の状況', 'Doctor and hospital stay'),
  intro: t('市から主治医に意見書の作成を依頼します。いちばん状態をよく知っている医師を選んでください。', 'We ask the doctor for a written opinion. Choose the doctor who knows the condition best.'),
  fields: [
    { name: 'doctorName', type: 'name', label: t('主治医の氏名', "Doctor's name"), required: true },
    { name: 'clinicName', type: 'text', label: t('医療機関名', 'Hospital or clinic'), required: true, maxLength: 60 },
    { name: 'clinicAddress', type: 'address', label: t('医療機関の所在地', 'Address of the hospital or clinic'), maxLength: 200 },
    { name: 'clinicPhone', type: 'phone', label: t('医療機関の電話番号', 'Phone of the hospital or clinic') },
    { name: 'lastVisit', type: 'date', label: t('最近の受診日', 'Last visit'), max: 0, hint: t('おおよそで構いません。', 'Approximately is fine.') },
    { name: 'inHospital', type: 'yesno', label: t('現在、入院または施設に入所していますか', 'Is the person in hospital or a care home now?'), required: true },
    { name: 'facilityName', type: 'text', label: t('入院・入所先の名称', 'Name of the hospital or care home'), maxLength: 60, ...onlyIf('inHospital', 'yes') },
    { name: 'facilityAddress', type: 'address', label: t('入院・入所先の所在地', 'Its address'), ...onlyIf('inHospital', 'yes') },
    { name: 'admittedOn', type: 'date', label: t('入院・入所した日', 'Admitted on'), max: 0, ...onlyIf('inHospital', 'yes') },
  ],
};

/** 家族等連絡先 for the assessment visit (認定調査), who need not be the applicant. */
export const visitContactSection: SectionDef = {
  id: 'visit',
  title: t('認定調査の連絡先', 'Contact for the assessment visit'),
  intro: t('認定調査員が訪問日を決めるために連絡します。調査に立ち会える方を入力してください。', 'The assessor phones to arrange the home visit. Enter someone who can be present.'),
  fields: [
    { name: 'visitContactName', type: 'name', label: t('連絡先の方の氏名', 'Name of the contact person'), required: true },
    { name: 'visitContactRelation', type: 'text', label: t('被保険者との関係', 'Relationship to the insured person'), required: true, maxLength: 30, hint: t('例: 本人、長女、ケアマネジャー', 'For example self, eldest daughter, care manager') },
    { name: 'visitContactPhone', type: 'phone', label: t('電話番号', 'Phone number'), required: true },
    { name: 'visitPlace', type: 'choice', label: t('調査を受ける場所', 'Where the visit takes place'), required: true, options: [option('home', '自宅', 'At home'), option('facility', '入院・入所先', 'At the hospital or care home'), option('other', 'その他', 'Elsewhere')] },
    { name: 'visitPlaceOther', type: 'address', label: t('調査を受ける場所の住所', 'Address of the visit'), ...onlyIf('visitPlace', 'other') },
    { name: 'visitNotes', type: 'textarea', label: t('調査で配慮してほしいこと', 'Anything the assessor should know'), maxLength: 500, hint: t('例: 耳が聞こえにくい、午前中が望ましい', 'For example hard of hearing, mornings are better') },
  ],
};

/** Consent to pass the result to care providers, which the national form asks separately. */
export const careInfoConsent: FieldDef = {
  name: 'shareWithProviders', type: 'yesno', label: t('認定調査の結果や主治医意見書を、ケアプランを作成する事業者に提供することに同意しますか', 'May we give the assessment results and the doctor’s opinion to your care plan provider?'), required: true,
};

/** Where a reissued card is posted. */
export function reissueSection(card: Text): SectionDef {
  return {
    id: 'reissue',
    title: t('再交付の理由と送付先', 'Reason and where to post'),
    fields: [
      { name: 'reason', type: 'choice', label: t('再交付の理由', 'Reason'), required: true, options: [option('lost', '紛失した', 'Lost'), option('damaged', '破れた・汚れた', 'Damaged'), option('stolen', '盗難にあった', 'Stolen'), option('other', 'その他', 'Other')] },
      { name: 'reasonOther', type: 'text', label: t('その他の理由', 'Other reason'), maxLength: 100, ...onlyIf('reason', 'other') },
      { name: 'policeReport', type: 'text', label: t('警察への届出（届出先・受理番号）', 'Police report (station and number)'), maxLength: 60, ...onlyIf('reason', 'stolen') },
      { name: 'returnDamaged', type: 'consent', label: { ja: `破れた・汚れた${card.ja}は、新しいものが届いたら市へ返却します。`, en: `I will return the damaged ${card.en} when the new one arrives.` }, ...onlyIf('reason', 'damaged') },
      { name: 'delivery', type: 'choice', label: t('送付先', 'Post it to'), required: true, options: [option('registered', '住民登録の住所', 'The registered address'), option('other', '別の住所（入院先など）', 'Another address (e.g. a hospital)')] },
      { name: 'deliveryPostalCode', type: 'postalCode', label: t('送付先の郵便番号', 'Postal code to post to'), ...onlyIf('delivery', 'other') },
      { name: 'deliveryAddress', type: 'address', label: t('送付先の住所', 'Address to post to'), ...onlyIf('delivery', 'other'), hint: t('宛名が異なる場合は「○○様方」まで入力してください。', 'Add “c/o …” if the name on the letterbox differs.') },
    ],
  };
}
