/**
 * 罹災証明書の発行申請 (national procedure 27), after the content of the 罹災証明書交付申請書 the
 * Cabinet Office's unified form (令和2年 内閣府 統一様式) asks: the disaster, the damaged home,
 * the applicant's relation to it, the damage as the applicant sees it, photos, purpose and copies.
 */
import type { FormDefinition } from '../form-definition.ts';
import { applicantSection, contactSection, declaration, onlyIf, option, t } from './common.ts';

export const disasterCertificateForm: FormDefinition = {
  sections: [
    applicantSection(t('申請する方（あなた）について', 'About you (the applicant)'), [
      { name: 'applicantRole', type: 'choice', label: t('申請するのは', 'Who is applying'), required: true, options: [option('resident', '被災した住家に住んでいる世帯主', 'The head of the household living in the home'), option('owner', '被災した住家の所有者', 'The owner of the home'), option('proxy', '代理人（家族など）', 'A representative (e.g. family)')] },
      { name: 'victimName', type: 'name', label: t('被災した世帯の世帯主の氏名', 'Name of the head of the affected household'), ...onlyIf('applicantRole', 'proxy') },
      { name: 'victimRelation', type: 'text', label: t('世帯主との関係', 'Your relationship to them'), maxLength: 30, ...onlyIf('applicantRole', 'proxy') },
      { name: 'proxyLetter', type: 'file', label: t('委任状', 'Letter of authorisation'), accept: ['pdf', 'image'], ...onlyIf('applicantRole', 'proxy'), hint: t('同じ世帯の家族が申請する場合は不要です。', 'Not needed for a member of the same household.') },
    ]),
    {
      id: 'disaster',
      title: t('災害について', 'The disaster'),
      fields: [
        { name: 'disasterKind', type: 'choice', label: t('災害の種類', 'Kind of disaster'), required: true, options: [
          option('earthquake', '地震', 'Earthquake'), option('flood', '大雨・洪水（浸水）', 'Heavy rain or flood'), option('typhoon', '台風・暴風', 'Typhoon or storm'),
          option('landslide', '土砂災害', 'Landslide'), option('snow', '雪害', 'Snow'), option('fire', '火災', 'Fire'), option('other', 'その他', 'Other'),
        ] },
        { name: 'disasterOther', type: 'text', label: t('その他の災害', 'Other disaster'), maxLength: 60, ...onlyIf('disasterKind', 'other') },
        { name: 'disasterDate', type: 'date', label: t('被災した日', 'Date of the damage'), required: true, min: -3 * 366, max: 0 },
      ],
    },
    {
      id: 'home',
      title: t('被災した住家', 'The damaged home'),
      intro: t('住家とは、実際に人が住んでいる建物です。店舗・倉庫・車などの被害は「被災届出証明書」の対象です。', 'A home is a building people actually live in. Damage to shops, sheds or cars is certified separately.'),
      fields: [
        { name: 'homeSameAddress', type: 'yesno', label: t('上に入力した住所の住家ですか', 'Is it the home at the address you entered above?'), required: true },
        { name: 'homePostalCode', type: 'postalCode', label: t('被災した住家の郵便番号', 'Postal code of the damaged home'), ...onlyIf('homeSameAddress', 'no') },
        { name: 'homeAddress', type: 'address', label: t('被災した住家の所在地', 'Address of the damaged home'), ...onlyIf('homeSameAddress', 'no') },
        { name: 'tenure', type: 'choice', label: t('住家の所有', 'Ownership'), required: true, options: [option('own', '持ち家', 'Owned'), option('rent', '借家（賃貸住宅）', 'Rented'), option('company', '社宅・公営住宅', 'Company or public housing')] },
        { name: 'ownerName', type: 'name', label: t('所有者の氏名（わかる場合）', "Owner's name (if known)"), maxLength: 50, showIf: { field: 'tenure', in: ['rent', 'company'] } },
        { name: 'buildingType', type: 'choice', label: t('建物の種類', 'Type of building'), required: true, options: [option('detached', '一戸建て', 'Detached house'), option('apartment', '集合住宅（マンション・アパート）', 'Apartment building')] },
        { name: 'unit', type: 'text', label: t('部屋番号・階', 'Flat number and floor'), maxLength: 30, ...onlyIf('buildingType', 'apartment') },
        { name: 'structure', type: 'choice', label: t('構造', 'Structure'), required: true, options: [option('wood', '木造', 'Wood'), option('steel', '鉄骨造', 'Steel frame'), option('concrete', '鉄筋コンクリート造', 'Reinforced concrete'), option('unknown', 'わからない', 'Not known')] },
        { name: 'household', type: 'number', label: t('住んでいる世帯の人数', 'People living in the home'), required: true, min: 1, max: 30 },
      ],
    },
    {
      id: 'damage',
      title: t('被害の状況', 'The damage'),
      intro: t('あなたから見た被害の様子を教えてください。被害の程度は、市の調査員が調査して判定します。', 'Tell us the damage as you see it. A city surveyor assesses the level of damage.'),
      fields: [
        { name: 'damageLevel', type: 'choice', label: t('被害の様子', 'How bad is the damage?'), required: true, options: [
          option('collapsed', '倒壊・流失した（住めない）', 'Collapsed or washed away (cannot live there)'), option('heavy', '大きく壊れた・床上まで浸水した', 'Badly damaged or flooded above floor level'),
          option('partial', '一部が壊れた（屋根・壁・窓など）', 'Partly damaged (roof, walls, windows …)'), option('underFloor', '床下まで浸水した', 'Flooded below floor level'),
        ] },
        { name: 'floodDepth', type: 'number', label: t('浸水の深さ（床面からのセンチメートル）', 'Flood depth above the floor (cm)'), min: 0, max: 1000, ...onlyIf('disasterKind', 'flood', 'typhoon'), hint: t('床下浸水の場合は0と入力してください。', 'Enter 0 if the water stayed below the floor.') },
        { name: 'damagedParts', type: 'textarea', label: t('被害を受けた箇所と様子', 'What was damaged and how'), required: true, maxLength: 1000, hint: t('例: 屋根瓦が半分ほど落ちた、1階の壁に大きなひび', 'For example half of the roof tiles fell, a large crack in a ground-floor wall') },
        { name: 'stillLiving', type: 'yesno', label: t('今も住み続けていますか', 'Are you still living there?'), required: true },
        { name: 'currentAddress', type: 'address', label: t('現在の避難先・連絡のつく住所', 'Where you are staying now'), ...onlyIf('stillLiving', 'no') },
        { name: 'photos', type: 'file', label: t('被害の写真', 'Photos of the damage'), required: true, accept: ['image'], maxFiles: 10, hint: t('建物の外観を4方向から、被害のある箇所をそれぞれ近くから撮影してください。片付けや修理の前に撮影してください。', 'Photograph the outside from four sides and each damaged part up close, before tidying or repairs.') },
        { name: 'surveyPresence', type: 'yesno', label: t('現地調査に立ち会えますか', 'Can you be present at the survey?'), required: true },
      ],
    },
    {
      id: 'purpose',
      title: t('使いみちと受け取り', 'Purpose and delivery'),
      fields: [
        { name: 'purpose', type: 'choice', label: t('主な使いみち', 'Main purpose'), required: true, options: [
          option('support', '被災者生活再建支援金などの申請', 'Applying for reconstruction support payments'), option('insurance', '保険金・共済金の請求', 'Insurance claims'),
          option('tax', '税・保険料の減免', 'Tax or premium reductions'), option('housing', '応急仮設住宅・住宅の応急修理', 'Temporary housing or emergency repairs'), option('other', 'その他', 'Other'),
        ] },
        { name: 'purposeOther', type: 'text', label: t('その他の使いみち', 'Other purpose'), maxLength: 100, ...onlyIf('purpose', 'other') },
        { name: 'copies', type: 'number', label: t('必要な通数', 'Number of copies'), required: true, min: 1, max: 10, hint: t('手数料はかかりません。', 'There is no fee.') },
        { name: 'delivery', type: 'choice', label: t('受け取り方法', 'How to receive it'), required: true, options: [option('post', '郵送（住民登録の住所）', 'By post (registered address)'), option('postOther', '郵送（避難先など別の住所）', 'By post to another address'), option('counter', '窓口で受け取る', 'Collect at the counter')] },
        { name: 'deliveryAddress', type: 'address', label: t('郵送先の住所', 'Address to post to'), ...onlyIf('delivery', 'postOther') },
      ],
    },
    contactSection,
    declaration(t('上記のとおり被災したことに相違なく、罹災証明書の交付を申請します。家屋被害認定調査のため、市の職員が住家に立ち入ることに同意します。', 'I declare that the damage above is true and apply for the certificate. I agree that city staff may enter the home to survey the damage.')),
  ],
};
