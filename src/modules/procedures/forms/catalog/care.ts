/**
 * Forms of the long-term care insurance procedures (介護保険, national procedures 16–26), after the
 * content of the 要介護認定申請書 in the 介護保険法施行規則 form and the municipal forms for care
 * plans, reissues, high-cost benefits, cost limits, equipment and home modification.
 */
import type { FieldDef, FormDefinition } from '../form-definition.ts';
import { applicantSection, bankAccountField, careInfoConsent, careLevels, contactSection, declaration, doctorSection, insuredSection, onlyIf, option, reissueSection, t, visitContactSection } from './common.ts';

const APPLICANT = t('申請する方（あなた）について', 'About you (the applicant)');
const CARE_CARD = t('介護保険被保険者証', 'long-term care insurance card');

const currentCertification: FieldDef[] = [
  { name: 'currentLevel', type: 'choice', label: t('現在の認定区分', 'Current care level'), required: true, options: careLevels },
  { name: 'validUntil', type: 'date', label: t('現在の認定の有効期間の満了日', 'Current certification valid until'), required: true, min: -31, max: 4 * 366, hint: t('被保険者証の「認定の有効期間」欄に記載されています。', 'It is in the “valid period” box of the insurance card.') },
];

export const careCertificationForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection([
      { name: 'insuredCategory', type: 'choice', label: t('被保険者の区分', 'Insured category'), required: true, options: [option('first', '第1号被保険者（65歳以上）', 'Category 1 (aged 65 or over)'), option('second', '第2号被保険者（40〜64歳）', 'Category 2 (aged 40–64)')] },
      { name: 'specifiedDisease', type: 'text', label: t('特定疾病の名称', 'Name of the specified disease'), maxLength: 60, ...onlyIf('insuredCategory', 'second'), hint: t('例: 脳血管疾患、初老期における認知症、末期がん', 'For example cerebrovascular disease, early-onset dementia, terminal cancer') },
      { name: 'medicalInsurer', type: 'text', label: t('加入している医療保険の保険者名', 'Health insurer'), maxLength: 60, ...onlyIf('insuredCategory', 'second') },
      { name: 'medicalInsuredNo', type: 'text', label: t('医療保険の記号・番号', 'Health insurance symbol and number'), maxLength: 30, ...onlyIf('insuredCategory', 'second') },
      { name: 'previousCertification', type: 'yesno', label: t('過去6か月以内に要介護・要支援認定を受けたことがありますか', 'Has the person been certified in the past 6 months?'), required: true },
      { name: 'previousLevel', type: 'choice', label: t('前回の認定区分', 'Previous care level'), options: careLevels, ...onlyIf('previousCertification', 'yes') },
    ]),
    doctorSection,
    visitContactSection,
    { id: 'consent', title: t('情報の提供', 'Sharing the results'), fields: [careInfoConsent] },
    contactSection,
    declaration(t('介護保険法第27条の規定により、要介護・要支援認定を申請します。記入した内容に相違ありません。', 'I apply for certification under the Long-Term Care Insurance Act, Article 27. What I have entered is true.')),
  ],
};

export const careCertificationRenewalForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection(currentCertification),
    doctorSection,
    visitContactSection,
    { id: 'consent', title: t('情報の提供', 'Sharing the results'), fields: [careInfoConsent] },
    contactSection,
    declaration(t('介護保険法第28条の規定により、要介護・要支援更新認定を申請します。記入した内容に相違ありません。', 'I apply to renew the certification under the Long-Term Care Insurance Act, Article 28. What I have entered is true.')),
  ],
};

export const careCertificationChangeForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection([
      ...currentCertification,
      { name: 'changeReason', type: 'textarea', label: t('区分変更を申請する理由', 'Why the level should change'), required: true, maxLength: 1000, hint: t('いつから、どのように状態が変わったかを具体的に書いてください（例: 3月に転倒して骨折し、歩行が困難になった）。', 'Say when and how the condition changed (e.g. broke a hip in a fall in March and can hardly walk).') },
      { name: 'changedSince', type: 'date', label: t('状態が変わった時期', 'Since when'), required: true, min: -366, max: 0 },
    ]),
    doctorSection,
    visitContactSection,
    { id: 'consent', title: t('情報の提供', 'Sharing the results'), fields: [careInfoConsent] },
    contactSection,
    declaration(t('介護保険法第29条の規定により、要介護・要支援状態区分の変更認定を申請します。記入した内容に相違ありません。', 'I apply for a change of care level under the Long-Term Care Insurance Act, Article 29. What I have entered is true.')),
  ],
};

export const carePlanRequestForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection([{ name: 'currentLevel', type: 'choice', label: t('現在の認定区分', 'Current care level'), required: true, options: careLevels }]),
    {
      id: 'provider',
      title: t('ケアプランを作成する事業者', 'The care plan provider'),
      intro: t('要介護の方は居宅介護支援事業者、要支援の方は地域包括支援センター（または委託先）です。', 'For care levels it is a care management office; for support levels the community general support centre.'),
      fields: [
        { name: 'requestType', type: 'choice', label: t('届出の種類', 'Type of notification'), required: true, options: [option('new', '新規（初めて依頼する）', 'New'), option('change', '変更（事業者を変える）', 'Change of provider')] },
        { name: 'providerName', type: 'text', label: t('事業者の名称', 'Provider name'), required: true, maxLength: 80 },
        { name: 'providerNo', type: 'text', label: t('事業所番号（10桁）', 'Office number (10 digits)'), required: true, maxLength: 10, hint: t('ケアマネジャーにお尋ねください。', 'Ask the care manager.') },
        { name: 'providerAddress', type: 'address', label: t('事業所の所在地', 'Office address'), required: true },
        { name: 'providerPhone', type: 'phone', label: t('事業所の電話番号', 'Office phone'), required: true },
        { name: 'careManager', type: 'name', label: t('担当ケアマネジャーの氏名', 'Care manager'), maxLength: 50 },
        { name: 'changeDate', type: 'date', label: t('変更する日', 'Date of the change'), min: -31, max: 180, ...onlyIf('requestType', 'change') },
        { name: 'changeReason', type: 'choice', label: t('変更の理由', 'Reason for the change'), options: [option('move', '転居', 'Moved house'), option('levelChange', '認定区分の変更（要支援⇔要介護）', 'Level changed (support ⇔ care)'), option('preference', '本人・家族の希望', 'Our own wish'), option('closed', '事業所の廃止', 'The office closed')], ...onlyIf('requestType', 'change') },
      ],
    },
    contactSection,
    declaration(t('上記の事業者に居宅（介護予防）サービス計画の作成を依頼することを届け出ます。', 'I notify that I ask the provider above to make the care plan.')),
  ],
};

export const careCopaymentCardReissueForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection(),
    reissueSection(t('負担割合証', 'co-payment ratio card')),
    contactSection,
    declaration(t('介護保険負担割合証の再交付を申請します。', 'I apply for the co-payment ratio card to be reissued.')),
  ],
};

export const careInsuranceCardReissueForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection(),
    reissueSection(t('被保険者証', CARE_CARD.en)),
    contactSection,
    declaration(t('介護保険被保険者証の再交付を申請します。', 'I apply for the long-term care insurance card to be reissued.')),
  ],
};

export const highCostCareBenefitForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection([
      { name: 'noticeNo', type: 'text', label: t('お知らせに記載の通知番号（わかる場合）', 'Number on the letter we sent (if you know it)'), maxLength: 20 },
      { name: 'serviceMonth', type: 'date', label: t('対象のサービス提供月', 'Month of the services'), required: true, min: -2 * 366, max: 0, hint: t('お知らせに記載の月の1日を入力してください。', 'Enter the 1st of the month named in our letter.') },
    ]),
    {
      id: 'payment',
      title: t('振込先口座', 'Payment account'),
      intro: t('2回目以降も同じ口座に自動で振り込みます。', 'Later refunds go to the same account automatically.'),
      fields: [
        { name: 'accountHolderIs', type: 'choice', label: t('口座の名義人', 'Account holder'), required: true, options: [option('insured', '被保険者本人', 'The insured person'), option('other', '本人以外（家族など）', 'Someone else (e.g. family)')] },
        { name: 'holderRelation', type: 'text', label: t('名義人と被保険者の関係', 'Relationship of the holder to the insured person'), maxLength: 30, ...onlyIf('accountHolderIs', 'other'), hint: t('本人以外の口座に振り込む場合は、委任の確認のため担当課からご連絡します。', 'For someone else’s account we contact you to confirm the delegation.') },
        bankAccountField('account', t('振込先口座', 'Payment account')),
      ],
    },
    contactSection,
    declaration(t('高額介護（予防）サービス費の支給を申請します。支給額の計算のため、市が世帯の所得等を確認することに同意します。', 'I apply for the high-cost care service benefit and agree that the city checks household income to calculate it.')),
  ],
};

export const careCostLimitForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection([
      { name: 'facilityUse', type: 'choice', label: t('利用しているサービス', 'Service used'), required: true, options: [option('facility', '介護保険施設への入所', 'Living in a care home'), option('shortStay', 'ショートステイ', 'Short stays'), option('both', '両方', 'Both')] },
      { name: 'facilityName', type: 'text', label: t('施設・事業所の名称', 'Facility name'), required: true, maxLength: 80 },
    ]),
    {
      id: 'spouse',
      title: t('配偶者', 'Spouse'),
      intro: t('世帯が別でも、配偶者が住民税を課税されている場合は対象になりません。', 'Even in a separate household, a spouse liable to residence tax makes the person ineligible.'),
      fields: [
        { name: 'hasSpouse', type: 'yesno', label: t('配偶者はいますか（内縁を含む）', 'Does the person have a spouse (incl. common-law)?'), required: true },
        { name: 'spouseName', type: 'name', label: t('配偶者の氏名', "Spouse's name"), ...onlyIf('hasSpouse', 'yes') },
        { name: 'spouseKana', type: 'kana', label: t('配偶者のフリガナ', "Spouse's name in katakana"), ...onlyIf('hasSpouse', 'yes') },
        { name: 'spouseBirthdate', type: 'date', label: t('配偶者の生年月日', "Spouse's date of birth"), max: 0, ...onlyIf('hasSpouse', 'yes') },
        { name: 'spouseAddress', type: 'address', label: t('配偶者の住所', "Spouse's address"), ...onlyIf('hasSpouse', 'yes') },
        { name: 'spouseTaxed', type: 'choice', label: t('配偶者の住民税', "Spouse's residence tax"), options: [option('exempt', '非課税', 'Exempt'), option('taxed', '課税', 'Taxed'), option('unknown', 'わからない', 'Not known')], ...onlyIf('hasSpouse', 'yes') },
      ],
    },
    {
      id: 'income',
      title: t('収入と預貯金', 'Income and savings'),
      intro: t('本人と配偶者の預貯金等の合計で判定します。通帳の写し（最終ページと直近2か月分）を添付してください。', 'Eligibility depends on the total savings of the person and the spouse. Attach copies of bank books (the last page and the latest two months).'),
      fields: [
        { name: 'survivorPension', type: 'yesno', label: t('遺族年金・障害年金を受けていますか', 'Does the person receive a survivors or disability pension?'), required: true },
        { name: 'pensionYearly', type: 'number', label: t('遺族年金・障害年金の年額（円）', 'Those pensions per year (yen)'), min: 0, max: 100_000_000, ...onlyIf('survivorPension', 'yes') },
        { name: 'savings', type: 'group', label: t('預貯金・有価証券など', 'Savings and securities'), itemLabel: t('預貯金', 'Account'), maxItems: 10, fields: [
          { name: 'owner', type: 'choice', label: t('名義', 'Owner'), required: true, options: [option('self', '本人', 'The person'), option('spouse', '配偶者', 'The spouse')] },
          { name: 'institution', type: 'text', label: t('金融機関・証券会社名', 'Bank or broker'), required: true, maxLength: 60 },
          { name: 'balance', type: 'number', label: t('残高（円）', 'Balance (yen)'), required: true, min: 0, max: 999_999_999 },
        ] },
        { name: 'passbooks', type: 'file', label: t('通帳などの写し', 'Copies of bank books'), required: true, accept: ['pdf', 'image'], maxFiles: 10 },
        { name: 'bankInquiry', type: 'consent', label: t('市が金融機関や年金保険者に預貯金・年金の状況を照会することに同意します（本人と配偶者）。', 'I agree (for the person and the spouse) that the city may ask banks and pension providers about savings and pensions.'), required: true },
      ],
    },
    contactSection,
    declaration(t('介護保険負担限度額の認定を申請します。記入した内容に相違なく、虚偽の申告で給付を受けた場合は返還することを承知しています。', 'I apply for the cost limit certificate. What I have entered is true; I understand that benefits obtained by a false statement must be repaid.')),
  ],
};

const equipmentKinds = [
  option('toiletSeat', '腰掛便座', 'Raised toilet seat or commode'), option('bath', '入浴補助用具', 'Bathing aid'), option('tub', '簡易浴槽', 'Portable bathtub'),
  option('excretion', '自動排泄処理装置の交換可能部品', 'Replaceable parts of an automatic excretion device'), option('excretionSensor', '排泄予測支援機器', 'Excretion prediction device'),
  option('sling', '移動用リフトのつり具の部分', 'Lift sling'), option('slope', '固定用スロープ', 'Fixed ramp'), option('walker', '歩行器（車輪・キャスターのないもの）', 'Walking frame without wheels'), option('cane', '歩行補助つえ（多点杖など）', 'Walking stick (multi-point …)'),
];

export const welfareEquipmentPurchaseForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection(),
    {
      id: 'equipment',
      title: t('購入した福祉用具', 'Equipment bought'),
      intro: t('都道府県の指定を受けた事業者から買ったものに限ります。同じ種類は原則1年度に1つです。', 'Only from a supplier designated by the prefecture. As a rule one of each kind per year.'),
      fields: [
        { name: 'items', type: 'group', label: t('購入した福祉用具', 'Items'), itemLabel: t('福祉用具', 'Item'), required: true, minItems: 1, maxItems: 5, fields: [
          { name: 'kind', type: 'choice', label: t('種目', 'Kind'), required: true, options: equipmentKinds },
          { name: 'product', type: 'text', label: t('商品名・型番', 'Product and model'), required: true, maxLength: 80 },
          { name: 'supplier', type: 'text', label: t('販売事業者名', 'Supplier'), required: true, maxLength: 80 },
          { name: 'purchasedOn', type: 'date', label: t('購入日', 'Date bought'), required: true, min: -2 * 366, max: 0 },
          { name: 'price', type: 'number', label: t('購入金額（円・税込）', 'Price (yen, incl. tax)'), required: true, min: 1, max: 1_000_000 },
        ] },
        { name: 'reason', type: 'textarea', label: t('福祉用具が必要な理由', 'Why the equipment is needed'), required: true, maxLength: 1000, hint: t('ケアマネジャーと相談した内容を書いてください（例: 浴槽をまたげず、入浴時に転倒の危険がある）。', 'As discussed with the care manager (e.g. cannot step into the bath safely).') },
        { name: 'receipts', type: 'file', label: t('領収書（本人名義）', 'Receipts (in the insured person’s name)'), required: true, accept: ['pdf', 'image'], maxFiles: 5 },
        { name: 'brochure', type: 'file', label: t('商品のカタログ・パンフレットの写し', 'Product leaflet'), accept: ['pdf', 'image'], maxFiles: 5 },
      ],
    },
    { id: 'payment', title: t('振込先口座', 'Payment account'), fields: [bankAccountField('account', t('振込先口座', 'Payment account'))] },
    contactSection,
    declaration(t('居宅介護（介護予防）福祉用具購入費の支給を申請します。記入した内容に相違ありません。', 'I apply for the welfare equipment purchase benefit. What I have entered is true.')),
  ],
};

const workKinds = [
  option('handrail', '手すりの取付け', 'Handrails'), option('step', '段差の解消', 'Removing steps'), option('floor', '床・通路面の材料の変更', 'Non-slip flooring'),
  option('door', '引き戸等への扉の取替え', 'Sliding doors'), option('toilet', '洋式便器等への便器の取替え', 'Western-style toilet'), option('related', 'その他これらに付帯して必要な工事', 'Related work'),
];

export const homeModificationForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection(),
    {
      id: 'stage',
      title: t('申請の段階', 'Stage'),
      intro: t('工事の前に「事前申請」、工事が終わったら「完了後の申請」をします。事前申請をせずに着工した工事は対象になりません。', 'Apply in advance before the work, then again when it is finished. Work started without the advance application is not covered.'),
      fields: [
        { name: 'stage', type: 'choice', label: t('どちらの申請ですか', 'Which application is this?'), required: true, options: [option('before', '事前申請（工事の前）', 'Advance application (before the work)'), option('after', '完了後の申請（工事の後）', 'Completion (after the work)')] },
        { name: 'advanceReceipt', type: 'text', label: t('事前申請の受付番号', 'Receipt number of the advance application'), maxLength: 30, ...onlyIf('stage', 'after') },
      ],
    },
    {
      id: 'house',
      title: t('改修する住宅', 'The home'),
      fields: [
        { name: 'houseSameAddress', type: 'yesno', label: t('被保険者の住民登録の住所の住宅ですか', "Is it the home at the insured person's registered address?"), required: true },
        { name: 'houseAddress', type: 'address', label: t('改修する住宅の所在地', 'Address of the home'), ...onlyIf('houseSameAddress', 'no') },
        { name: 'ownership', type: 'choice', label: t('住宅の所有者', 'Owner of the home'), required: true, options: [option('insured', '被保険者本人', 'The insured person'), option('family', '家族', 'A family member'), option('landlord', '家主（借家）', 'A landlord (rented)')] },
        { name: 'ownerName', type: 'name', label: t('所有者の氏名', "Owner's name"), ...onlyIf('ownership', 'family', 'landlord') },
        { name: 'ownerConsent', type: 'file', label: t('所有者の承諾書', "Owner's consent"), accept: ['pdf', 'image'], ...onlyIf('ownership', 'family', 'landlord') },
      ],
    },
    {
      id: 'works',
      title: t('改修の内容', 'The work'),
      fields: [
        { name: 'works', type: 'group', label: t('改修工事', 'Work items'), itemLabel: t('工事', 'Work item'), required: true, minItems: 1, maxItems: 10, fields: [
          { name: 'kind', type: 'choice', label: t('種類', 'Kind'), required: true, options: workKinds },
          { name: 'place', type: 'text', label: t('場所', 'Where'), required: true, maxLength: 60, hint: t('例: 玄関、浴室、トイレ', 'For example entrance, bathroom, toilet') },
          { name: 'cost', type: 'number', label: t('費用（円・税込）', 'Cost (yen, incl. tax)'), required: true, min: 1, max: 10_000_000 },
        ] },
        { name: 'contractor', type: 'text', label: t('施工業者名', 'Contractor'), required: true, maxLength: 80 },
        { name: 'contractorPhone', type: 'phone', label: t('施工業者の電話番号', "Contractor's phone"), required: true },
        { name: 'plannedStart', type: 'date', label: t('着工予定日', 'Planned start'), min: 0, max: 366, ...onlyIf('stage', 'before') },
        { name: 'completedOn', type: 'date', label: t('完了日', 'Completed on'), min: -366, max: 0, ...onlyIf('stage', 'after') },
        { name: 'reasonStatement', type: 'file', label: t('住宅改修が必要な理由書', 'Reason statement'), accept: ['pdf', 'image'], ...onlyIf('stage', 'before'), hint: t('ケアマネジャー等が作成したもの。', 'Written by the care manager or similar.') },
        { name: 'estimate', type: 'file', label: t('工事費見積書', 'Cost estimate'), accept: ['pdf', 'image'], ...onlyIf('stage', 'before') },
        { name: 'photosBefore', type: 'file', label: t('改修前の写真（日付入り）', 'Photos before the work (dated)'), accept: ['image'], maxFiles: 10, ...onlyIf('stage', 'before') },
        { name: 'photosAfter', type: 'file', label: t('改修後の写真（日付入り）', 'Photos after the work (dated)'), accept: ['image'], maxFiles: 10, ...onlyIf('stage', 'after') },
        { name: 'receipt', type: 'file', label: t('領収書と工事費内訳書', 'Receipt and cost breakdown'), accept: ['pdf', 'image'], maxFiles: 4, ...onlyIf('stage', 'after') },
      ],
    },
    {
      id: 'payment',
      title: t('振込先口座', 'Payment account'),
      intro: t('完了後の申請のときに入力してください。', 'Enter it with the completion application.'),
      fields: [{ ...bankAccountField('account', t('振込先口座', 'Payment account')), required: false, ...onlyIf('stage', 'after') }],
    },
    contactSection,
    declaration(t('居宅介護（介護予防）住宅改修費の支給を申請します。記入した内容に相違ありません。', 'I apply for the home modification benefit. What I have entered is true.')),
  ],
};

export const careCertificationAfterMoveForm: FormDefinition = {
  sections: [
    applicantSection(APPLICANT),
    insuredSection([
      { name: 'previousMunicipality', type: 'text', label: t('転入前の市区町村', 'Previous municipality'), required: true, maxLength: 40, hint: t('例: 東京都千代田区', 'For example 東京都千代田区') },
      { name: 'previousInsuredNo', type: 'text', label: t('前住所地の被保険者番号', 'Insured number at the previous municipality'), maxLength: 10 },
      { name: 'moveInDate', type: 'date', label: t('転入した日', 'Date you moved in'), required: true, min: -366, max: 0, hint: t('転入日から14日以内に申請すると、審査なしで認定を引き継げます。', 'Within 14 days of moving in, the certification carries over without a new assessment.') },
      { name: 'previousLevel', type: 'choice', label: t('前住所地での認定区分', 'Care level at the previous municipality'), required: true, options: careLevels },
      { name: 'validUntil', type: 'date', label: t('認定の有効期間の満了日', 'Certification valid until'), required: true, min: -31, max: 4 * 366 },
      { name: 'eligibilityCertificate', type: 'file', label: t('受給資格証明書', 'Certificate of eligibility'), required: true, accept: ['pdf', 'image'], maxFiles: 2, hint: t('前住所地の市区町村が転出時に交付したものです。', 'Issued by the previous municipality when you moved out.') },
    ]),
    contactSection,
    declaration(t('住所移転前の要介護・要支援認定に基づく認定を申請します。記入した内容に相違ありません。', 'I apply for certification based on the certification before the move. What I have entered is true.')),
  ],
};
