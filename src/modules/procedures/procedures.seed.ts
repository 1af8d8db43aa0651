/**
 * The demo municipality's procedure catalog: the 27 procedures the national plan asks every
 * municipality to put online (自治体DX推進計画; numbers as in the plan), plus 住民票の写しの交付請求.
 * Departments are fictional みなと野市 divisions; phone numbers use the unassigned 000 prefix.
 * Idempotent: every run brings each procedure to the state below.
 */
import type { Deps } from '../../platform/http/index.ts';
import type { Text } from '../../platform/i18n/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { demoFormFor } from './forms/demo-forms.ts';
import { publishForm } from './forms/forms.service.ts';
import { DEFAULT_ROUTE, saveApprovalRoute, THREE_STEP_ROUTE } from './cases/approval-route.ts';
import { saveProcedure, type ProcedureDetails, type ProcedureInput } from './procedures.service.ts';
import type { Category, LifeEvent } from './procedures.vocabulary.ts';

const t = (ja: string, en: string): Text => ({ ja, en });

const DEPARTMENTS = {
  kosodate: { nameJa: '子育て支援課', nameEn: 'Child and Family Support Division', phone: '000-100-2101' },
  kenko: { nameJa: '健康づくり課', nameEn: 'Health Promotion Division', phone: '000-100-2201' },
  fukushi: { nameJa: '福祉課', nameEn: 'Welfare Division', phone: '000-100-2301' },
  zeimu: { nameJa: '税務課', nameEn: 'Taxation Division', phone: '000-100-2401' },
  shimin: { nameJa: '市民課', nameEn: 'Citizen Services Division', phone: '000-100-2001' },
} as const;
type DepartmentCode = keyof typeof DEPARTMENTS;

interface Seed {
  slug: string;
  no: number | null;
  category: Category;
  events: LifeEvent[];
  dept: DepartmentCode;
  name: Text;
  kana: string;
  keywords?: string[];
  summary: Text;
  eligibility: Text;
  documents: Text[];
  fee?: number;
  feeNote?: Text;
  days: number | null;
  processing: Text;
  legal: Text;
}

const CARD = t('マイナンバーカード（署名用電子証明書）', 'My Number Card (signing certificate)');
const BANK = t('受給者名義の預金通帳またはキャッシュカードの写し（振込先の確認）', "A copy of the applicant's bank book or cash card (for the payment account)");
const INSURANCE_CARD = t('介護保険被保険者証', 'Long-term care insurance card');
const ALLOWANCE_LAW = (article: string, en: string) => t(`児童手当法${article}`, `Child Allowance Act, ${en}`);
const ALLOWANCE_RULE = t('児童手当法施行規則', 'Ordinance for Enforcement of the Child Allowance Act');
const CARE_LAW = (article: string, en: string) => t(`介護保険法${article}`, `Long-Term Care Insurance Act, ${en}`);
const CARE_RULE = t('介護保険法施行規則', 'Ordinance for Enforcement of the Long-Term Care Insurance Act');
const FROM_NEXT_MONTH = t('審査後、認定通知書を郵送します（おおむね1か月）。', 'After review we post a notice of the decision (about one month).');

const seeds: Seed[] = [
  {
    slug: 'child-allowance-claim', no: 1, category: 'childcare', events: ['birth', 'moving', 'childcare'], dept: 'kosodate',
    name: t('児童手当等の受給資格及び児童手当の額についての認定請求', 'Claim for child allowance (eligibility and amount)'),
    kana: 'じどうてあてのにんていせいきゅう', keywords: ['児童手当', '出生', '転入', '認定請求', 'child allowance'],
    summary: t('子どもが生まれたとき、または子どもを養育している方が転入したときに、児童手当を受け取るための請求です。出生日・転入日の翌日から15日以内に請求してください。', 'Claim the child allowance when a child is born, or when you move here with children you raise. Claim within 15 days of the birth or the move.'),
    eligibility: t('市内に住所があり、高校生年代までの子どもを養育している方（父母のうち所得の高い方など、生計の中心となる方）。公務員の方は勤務先で手続きをしてください。', 'People living in the city who raise children up to high-school age (usually the parent with the higher income). Public servants apply at their employer.'),
    documents: [CARD, BANK, t('請求者の健康保険の資格情報がわかるもの', "Proof of the claimant's health insurance"), t('子どもと別居している場合は別居監護申立書', 'If you live apart from the child: a statement of care while living apart')],
    days: 30, processing: FROM_NEXT_MONTH, legal: ALLOWANCE_LAW('第7条', 'Article 7'),
  },
  {
    slug: 'child-allowance-revision', no: 2, category: 'childcare', events: ['birth', 'childcare'], dept: 'kosodate',
    name: t('児童手当等の額の改定の請求及び届出', 'Request to revise the child allowance amount'),
    kana: 'じどうてあてのがくのかいていのせいきゅう', keywords: ['児童手当', '第2子', '増額', '減額'],
    summary: t('すでに児童手当を受け取っている方に子どもが生まれたときなど、支給対象の子どもが増えた（減った）ときの請求・届出です。', 'For people already receiving the allowance whose number of eligible children increases (e.g. a new baby) or decreases.'),
    eligibility: t('児童手当の受給者', 'People receiving the child allowance'),
    documents: [CARD, t('別居している子どもがいる場合は別居監護申立書', 'For a child living apart: a statement of care while living apart')],
    days: 30, processing: FROM_NEXT_MONTH, legal: ALLOWANCE_LAW('第9条', 'Article 9'),
  },
  {
    slug: 'child-allowance-change', no: 3, category: 'childcare', events: ['moving', 'childcare'], dept: 'kosodate',
    name: t('氏名変更／住所変更等の届出（児童手当）', 'Notification of a change of name or address (child allowance)'),
    kana: 'しめいへんこうじゅうしょへんこうとうのとどけで じどうてあて', keywords: ['児童手当', '氏名変更', '住所変更', '口座変更', '転居'],
    summary: t('受給者や子どもの氏名・住所、振込先口座などが変わったときの届出です。', "Tell us when the recipient's or a child's name or address, or the payment account, changes."),
    eligibility: t('児童手当の受給者', 'People receiving the child allowance'),
    documents: [CARD, t('口座を変更する場合は新しい口座の通帳の写し', 'For a new account: a copy of its bank book')],
    days: 14, processing: t('届出の内容を確認し、必要な場合のみ通知します。', 'We check the notification and write only if something is needed.'), legal: ALLOWANCE_LAW('第26条', 'Article 26'),
  },
  {
    slug: 'child-allowance-end', no: 4, category: 'childcare', events: ['moving', 'childcare'], dept: 'kosodate',
    name: t('受給事由消滅の届出', 'Notification that the allowance entitlement has ended'),
    kana: 'じゅきゅうじゆうしょうめつのとどけで', keywords: ['児童手当', '転出', '支給停止'],
    summary: t('市外へ転出する、子どもを養育しなくなったなど、児童手当を受け取る理由がなくなったときの届出です。', 'Tell us when you no longer qualify for the allowance, for example when you move out of the city or stop raising the child.'),
    eligibility: t('児童手当の受給者', 'People receiving the child allowance'),
    documents: [CARD],
    days: 14, processing: t('届出を受け付けた月分で支給を終了し、消滅通知書を郵送します。', 'Payments end with the month of the notification; we post a notice.'), legal: ALLOWANCE_RULE,
  },
  {
    slug: 'child-allowance-unpaid', no: 5, category: 'childcare', events: ['childcare'], dept: 'kosodate',
    name: t('未支払の児童手当等の請求', 'Claim for unpaid child allowance'),
    kana: 'みしはらいのじどうてあてのせいきゅう', keywords: ['児童手当', '死亡', '未支給'],
    summary: t('受給者が亡くなり、まだ支払われていない児童手当があるときに、子ども（またはその代理人）が請求します。', 'When a recipient dies with allowance still unpaid, the child (or a representative) claims it.'),
    eligibility: t('亡くなった受給者が養育していた子ども、またはその法定代理人', 'The child the deceased recipient raised, or their legal representative'),
    documents: [CARD, BANK, t('受給者が亡くなったことがわかる書類', "A document showing the recipient's death")],
    days: 30, processing: FROM_NEXT_MONTH, legal: ALLOWANCE_LAW('第12条', 'Article 12'),
  },
  {
    slug: 'child-allowance-donation', no: 6, category: 'childcare', events: ['childcare'], dept: 'kosodate',
    name: t('児童手当等に係る寄附の届出', 'Notification of donating the child allowance'),
    kana: 'じどうてあてにかかるきふのとどけで', keywords: ['児童手当', '寄附', '寄付'],
    summary: t('受け取る児童手当の全部または一部を、市の子育て支援に寄附するときの届出です。', 'To donate all or part of your child allowance to the city for child-care support.'),
    eligibility: t('児童手当の受給者', 'People receiving the child allowance'),
    documents: [CARD],
    days: 14, processing: t('次の支払月から寄附を開始します。', 'The donation starts from the next payment month.'), legal: ALLOWANCE_RULE,
  },
  {
    slug: 'child-allowance-donation-change', no: 7, category: 'childcare', events: ['childcare'], dept: 'kosodate',
    name: t('児童手当に係る寄附変更等の届出', 'Notification of changing or ending a child allowance donation'),
    kana: 'じどうてあてにかかるきふへんこうとうのとどけで', keywords: ['児童手当', '寄附', '寄付', '変更'],
    summary: t('児童手当の寄附の金額を変えるとき、寄附をやめるときの届出です。', 'To change the amount you donate from the allowance, or to stop donating.'),
    eligibility: t('児童手当の寄附を届け出ている受給者', 'Recipients who have registered a donation'),
    documents: [CARD],
    days: 14, processing: t('次の支払月から変更します。', 'The change applies from the next payment month.'), legal: ALLOWANCE_RULE,
  },
  {
    slug: 'school-lunch-deduction', no: 8, category: 'childcare', events: ['childcare'], dept: 'kosodate',
    name: t('受給資格者の届出による学校給食費等の徴収等の届出', 'Request to pay school lunch fees from the child allowance'),
    kana: 'がっこうきゅうしょくひとうのちょうしゅうのとどけで', keywords: ['児童手当', '給食費', '保育料'],
    summary: t('児童手当から学校給食費や保育料などを差し引いて納めることを申し出る届出です。', 'Ask the city to deduct school lunch or day-care fees from your child allowance.'),
    eligibility: t('児童手当の受給者で、学校給食費等を納める方', 'Allowance recipients who pay school lunch or similar fees'),
    documents: [CARD],
    days: 14, processing: t('次の支払月から差し引きます。', 'Deductions start from the next payment month.'), legal: ALLOWANCE_LAW('第22条', 'Article 22'),
  },
  {
    slug: 'school-lunch-deduction-change', no: 9, category: 'childcare', events: ['childcare'], dept: 'kosodate',
    name: t('受給資格者の届出による学校給食費等の徴収等の変更等の届出', 'Change to paying school lunch fees from the child allowance'),
    kana: 'がっこうきゅうしょくひとうのちょうしゅうのへんこうのとどけで', keywords: ['児童手当', '給食費', '変更'],
    summary: t('児童手当からの学校給食費等の差し引きについて、内容を変えるとき・やめるときの届出です。', 'Change or stop the deduction of school lunch or similar fees from the allowance.'),
    eligibility: t('学校給食費等の徴収を届け出ている受給者', 'Recipients who have asked for the deduction'),
    documents: [CARD],
    days: 14, processing: t('次の支払月から変更します。', 'The change applies from the next payment month.'), legal: ALLOWANCE_LAW('第22条', 'Article 22'),
  },
  {
    slug: 'child-allowance-status', no: 10, category: 'childcare', events: ['childcare'], dept: 'kosodate',
    name: t('児童手当等の現況届', 'Annual status report for the child allowance'),
    kana: 'じどうてあてのげんきょうとどけ', keywords: ['児童手当', '現況届', '6月'],
    summary: t('毎年6月1日の状況を届け出るものです。市で状況を確認できない方（離婚協議中で別居している方など）にだけ、市からご案内を送ります。', 'A report of your situation on 1 June. Only people whose situation the city cannot confirm itself (e.g. living apart during a divorce) receive a request.'),
    eligibility: t('市から現況届の提出の案内が届いた受給者', 'Recipients who received a request from the city'),
    documents: [CARD, t('案内に記載された書類', 'The documents named in the request')],
    days: 30, processing: t('確認の結果、支給を続ける場合は通知はありません。', 'If payments continue, you will not receive a notice.'), legal: ALLOWANCE_RULE,
  },
  {
    slug: 'childcare-certification', no: 11, category: 'childcare', events: ['birth', 'childcare', 'moving'], dept: 'kosodate',
    name: t('支給認定の申請（保育の必要性の認定）', 'Application for certification of the need for child care'),
    kana: 'しきゅうにんていのしんせい ほいくのひつようせいのにんてい', keywords: ['保育園', '保育所', '認定こども園', '幼稚園', '1号', '2号', '3号'],
    summary: t('保育所・認定こども園などを利用するために、子どもの認定区分（1号・2号・3号）の認定を受ける申請です。保育施設等の利用申込と一緒に申請できます。', 'Get your child certified (type 1, 2 or 3) to use nurseries and certified child-care centres. You can apply together with the nursery application.'),
    eligibility: t('市内に住所があり、小学校入学前の子どもを養育している保護者', 'Parents living in the city with children not yet at primary school'),
    documents: [CARD, t('保育を必要とする理由がわかる書類（就労証明書など）', 'Proof of why care is needed (e.g. an employment certificate)')],
    days: 30, processing: t('認定後、支給認定証を郵送します（おおむね1か月）。', 'We post the certificate once certified (about one month).'), legal: t('子ども・子育て支援法第20条', 'Child and Child Care Support Act, Article 20'),
  },
  {
    slug: 'nursery-application', no: 12, category: 'childcare', events: ['birth', 'childcare', 'moving'], dept: 'kosodate',
    name: t('保育施設等の利用申込', 'Application to use a nursery or child-care facility'),
    kana: 'ほいくしせつとうのりようもうしこみ', keywords: ['保育園', '保育所', '入園', '認定こども園', '入所'],
    summary: t('保育所・認定こども園・小規模保育事業所などの利用を申し込みます。4月入所の一次受付は11月です。', 'Apply for a place at a nursery, certified child-care centre or small nursery. The first round for April places is in November.'),
    eligibility: t('保育の必要性の認定（2号・3号）を受けた、または同時に申請する保護者', 'Parents certified (type 2 or 3), or applying for certification at the same time'),
    documents: [CARD, t('就労証明書（父母それぞれ）', 'Employment certificate (for each parent)'), t('希望する施設の一覧（第1希望から）', 'The facilities you want, in order of preference')],
    days: 45, processing: t('利用調整の結果を、入所希望月の前月中旬までに通知します。', 'We tell you the result of the allocation by the middle of the month before the start.'), legal: t('児童福祉法第24条', 'Child Welfare Act, Article 24'),
  },
  {
    slug: 'nursery-status', no: 13, category: 'childcare', events: ['childcare'], dept: 'kosodate',
    name: t('保育施設等の現況届', 'Annual status report for nursery users'),
    kana: 'ほいくしせつとうのげんきょうとどけ', keywords: ['保育園', '現況届', '就労証明'],
    summary: t('保育施設を利用している方が、毎年、保育を必要とする状況が続いていることを届け出ます。', 'Nursery users confirm each year that they still need child care.'),
    eligibility: t('保育施設等を利用している子どもの保護者', 'Parents of children using a nursery'),
    documents: [CARD, t('就労証明書など保育を必要とする理由がわかる書類', 'Proof of why care is still needed (e.g. an employment certificate)')],
    days: 30, processing: t('確認後、認定を更新します。', 'We renew the certification after checking.'), legal: t('子ども・子育て支援法施行規則', 'Ordinance for Enforcement of the Child and Child Care Support Act'),
  },
  {
    slug: 'child-rearing-allowance-status', no: 14, category: 'childcare', events: ['childcare'], dept: 'kosodate',
    name: t('児童扶養手当の現況届の事前送信', 'Advance submission of the child-rearing allowance status report'),
    kana: 'じどうふようてあてのげんきょうとどけのじぜんそうしん', keywords: ['児童扶養手当', 'ひとり親', '現況届', '8月'],
    summary: t('児童扶養手当の受給者が毎年8月に提出する現況届の内容を、事前にオンラインで送ります。その後の面談で確認します。', 'Recipients of the child-rearing allowance (for single parents) send the August status report online in advance; we confirm it at a short interview.'),
    eligibility: t('児童扶養手当の受給者（支給停止中の方を含む）', 'Recipients of the child-rearing allowance, including those whose payments are suspended'),
    documents: [CARD, t('面談時に、案内に記載された書類', 'At the interview: the documents named in the request')],
    days: 30, processing: t('面談の日時をお知らせします。', 'We tell you the date and time of the interview.'), legal: t('児童扶養手当法第28条', 'Child Rearing Allowance Act, Article 28'),
  },
  {
    slug: 'pregnancy-notification', no: 15, category: 'childcare', events: ['pregnancy'], dept: 'kenko',
    name: t('妊娠の届出', 'Notification of pregnancy'),
    kana: 'にんしんのとどけで', keywords: ['母子手帳', '母子健康手帳', '妊婦健診', '妊娠届'],
    summary: t('妊娠がわかったら届け出てください。母子健康手帳と妊婦健康診査の受診券をお渡しし、保健師が面談します。', "Tell us when you are pregnant. You receive the maternal and child health handbook and check-up vouchers, and a public health nurse meets you."),
    eligibility: t('市内に住所があり、妊娠している方', 'Pregnant women living in the city'),
    documents: [CARD, t('医療機関で妊娠を確認した日・出産予定日がわかるもの', 'The date the pregnancy was confirmed and the expected due date')],
    days: 7, processing: t('面談の日程を調整し、面談時に母子健康手帳をお渡しします。', 'We arrange an interview and hand over the handbook there.'), legal: t('母子保健法第15条', 'Maternal and Child Health Act, Article 15'),
  },
  {
    slug: 'care-certification', no: 16, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('要介護・要支援認定の申請', 'Application for long-term care need certification'),
    kana: 'ようかいごようしえんにんていのしんせい', keywords: ['介護認定', '要介護', '要支援', '介護保険', 'ケアマネ'],
    summary: t('介護保険のサービスを使うために、介護や支援がどの程度必要かの認定を受ける申請です。認定調査と主治医意見書をもとに審査します。', 'To use long-term care insurance services, apply to have your need for care assessed. We decide from a home visit and your doctor’s opinion.'),
    eligibility: t('65歳以上の方、または特定疾病により介護が必要な40歳から64歳の医療保険加入者', 'People aged 65 or over, or insured people aged 40–64 who need care because of a specified disease'),
    documents: [CARD, INSURANCE_CARD, t('40歳から64歳の方は医療保険の資格情報がわかるもの', 'Aged 40–64: proof of health insurance'), t('主治医の氏名・医療機関名', "Your doctor's name and clinic")],
    days: 30, processing: t('申請から原則30日以内に結果を通知します。', 'We notify you of the result within 30 days of the application, as a rule.'), legal: CARE_LAW('第27条', 'Article 27'),
  },
  {
    slug: 'care-certification-renewal', no: 17, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('要介護・要支援更新認定の申請', 'Application to renew long-term care need certification'),
    kana: 'ようかいごようしえんこうしんにんていのしんせい', keywords: ['介護認定', '更新', '有効期間'],
    summary: t('認定の有効期間が終わる前に、引き続きサービスを使うための更新申請です。有効期間満了日の60日前から申請できます。', 'Renew your certification to keep using services. You can apply from 60 days before it expires.'),
    eligibility: t('要介護・要支援認定を受けている方', 'People with a current certification'),
    documents: [CARD, INSURANCE_CARD, t('主治医の氏名・医療機関名', "Your doctor's name and clinic")],
    days: 30, processing: t('有効期間満了までに結果を通知します。', 'We notify you before the current certification expires.'), legal: CARE_LAW('第28条', 'Article 28'),
  },
  {
    slug: 'care-certification-change', no: 18, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('要介護・要支援状態区分変更認定の申請', 'Application to change the long-term care level'),
    kana: 'ようかいごようしえんじょうたいくぶんへんこうにんていのしんせい', keywords: ['介護認定', '区分変更'],
    summary: t('有効期間の途中で心身の状態が変わり、今の認定区分が合わなくなったときの申請です。', 'When your condition changes during the certification period and the current level no longer fits.'),
    eligibility: t('要介護・要支援認定を受けている方', 'People with a current certification'),
    documents: [CARD, INSURANCE_CARD, t('主治医の氏名・医療機関名', "Your doctor's name and clinic")],
    days: 30, processing: t('申請から原則30日以内に結果を通知します。', 'We notify you within 30 days, as a rule.'), legal: CARE_LAW('第29条', 'Article 29'),
  },
  {
    slug: 'care-plan-request', no: 19, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('居宅（介護予防）サービス計画作成（変更）依頼の届出', 'Notification of the care plan provider (new or changed)'),
    kana: 'きょたくさーびすけいかくさくせいいらいのとどけで', keywords: ['ケアプラン', 'ケアマネジャー', '居宅介護支援事業者'],
    summary: t('ケアプランを作成する居宅介護支援事業者（ケアマネジャー）を決めたとき・変えたときの届出です。', 'Tell us which care management office (care manager) makes your care plan, or when you change it.'),
    eligibility: t('要介護・要支援認定を受けている方', 'People with a certification'),
    documents: [CARD, INSURANCE_CARD, t('依頼する事業者の名称・事業所番号', "The provider's name and office number")],
    days: 7, processing: t('被保険者証に事業者名を記載してお返しします。', 'We return your insurance card with the provider written on it.'), legal: CARE_RULE,
  },
  {
    slug: 'care-copayment-card-reissue', no: 20, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('介護保険負担割合証の再交付申請', 'Application to reissue the care co-payment ratio card'),
    kana: 'かいごほけんふたんわりあいしょうのさいこうふしんせい', keywords: ['負担割合証', '紛失', '再発行'],
    summary: t('負担割合証をなくした・汚したときの再交付申請です。', 'Reissue the co-payment ratio card if it is lost or damaged.'),
    eligibility: t('負担割合証の交付を受けている方', 'Holders of the card'),
    documents: [CARD],
    days: 7, processing: t('新しい負担割合証を郵送します。', 'We post the new card.'), legal: CARE_RULE,
  },
  {
    slug: 'care-insurance-card-reissue', no: 21, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('被保険者証の再交付申請', 'Application to reissue the long-term care insurance card'),
    kana: 'ひほけんしゃしょうのさいこうふしんせい', keywords: ['介護保険証', '紛失', '再発行'],
    summary: t('介護保険被保険者証をなくした・汚したときの再交付申請です。', 'Reissue the long-term care insurance card if it is lost or damaged.'),
    eligibility: t('介護保険の第1号被保険者、または認定を受けた第2号被保険者', 'Insured people aged 65 or over, or certified people aged 40–64'),
    documents: [CARD],
    days: 7, processing: t('新しい被保険者証を郵送します。', 'We post the new card.'), legal: CARE_RULE,
  },
  {
    slug: 'high-cost-care-benefit', no: 22, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('高額介護（予防）サービス費の支給申請', 'Application for the high-cost care service benefit'),
    kana: 'こうがくかいごさーびすひのしきゅうしんせい', keywords: ['高額介護', '払い戻し', '上限'],
    summary: t('1か月に支払った介護サービスの利用者負担が上限額を超えたとき、超えた分の払い戻しを受ける申請です。初回のみ申請が必要です。', 'When your care co-payments in a month exceed the cap, get the excess back. You apply only the first time.'),
    eligibility: t('介護サービスの利用者負担が上限額を超えた方（対象の方には通知します）', 'People whose co-payments exceeded the cap (we write to them)'),
    documents: [CARD, BANK],
    days: 60, processing: t('審査後、指定の口座に振り込みます（おおむね2か月）。', 'We pay into your account after review (about two months).'), legal: CARE_LAW('第51条', 'Article 51'),
  },
  {
    slug: 'care-cost-limit', no: 23, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('介護保険負担限度額認定申請', 'Application for the care cost limit certificate'),
    kana: 'かいごほけんふたんげんどがくにんていしんせい', keywords: ['負担限度額', '食費', '居住費', '施設'],
    summary: t('施設入所やショートステイの食費・居住費の負担を軽くするための認定申請です。所得と預貯金の基準があります。', 'Lowers the food and housing costs of care homes and short stays. Income and savings limits apply.'),
    eligibility: t('住民税非課税世帯で、預貯金等が基準以下の方', 'People in households exempt from residence tax whose savings are below the limit'),
    documents: [CARD, INSURANCE_CARD, t('本人と配偶者の預貯金等の残高がわかる通帳の写し', 'Copies of bank books showing the savings of you and your spouse')],
    days: 30, processing: t('認定証を郵送します（8月から翌年7月まで有効）。', 'We post the certificate (valid August to July).'), legal: CARE_LAW('第51条の3', 'Article 51-3'),
  },
  {
    slug: 'welfare-equipment-purchase', no: 24, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('居宅介護（介護予防）福祉用具購入費の支給申請', 'Application for the welfare equipment purchase benefit'),
    kana: 'ふくしようぐこうにゅうひのしきゅうしんせい', keywords: ['福祉用具', 'ポータブルトイレ', '入浴用いす', '払い戻し'],
    summary: t('指定を受けた事業者から入浴用いす・ポータブルトイレなどの特定福祉用具を買ったときに、購入費の7〜9割の支給を受ける申請です（年間10万円まで）。', 'Get 70–90% of the cost of specified equipment (bath chair, commode …) bought from a designated supplier, up to 100,000 yen a year.'),
    eligibility: t('要介護・要支援認定を受けている方', 'People with a certification'),
    documents: [CARD, BANK, t('領収書', 'The receipt'), t('商品のパンフレットなど内容がわかるもの', 'A leaflet describing the product')],
    days: 30, processing: t('審査後、指定の口座に振り込みます。', 'We pay into your account after review.'), legal: CARE_LAW('第44条', 'Article 44'),
  },
  {
    slug: 'home-modification', no: 25, category: 'care', events: ['care'], dept: 'fukushi',
    name: t('居宅介護（介護予防）住宅改修費の支給申請', 'Application for the home modification benefit'),
    kana: 'じゅうたくかいしゅうひのしきゅうしんせい', keywords: ['住宅改修', '手すり', '段差', 'バリアフリー'],
    summary: t('手すりの取付け・段差の解消などの住宅改修の費用について、7〜9割の支給を受ける申請です（20万円まで）。工事の前に事前申請が必要です。', 'Get 70–90% of the cost of home changes such as handrails or removing steps (up to 200,000 yen). Apply before the work starts.'),
    eligibility: t('要介護・要支援認定を受け、その住宅に住んでいる方', 'Certified people who live in the home'),
    documents: [CARD, t('住宅改修が必要な理由書（ケアマネジャーが作成）', "Reason statement (written by the care manager)"), t('工事費見積書・改修前の写真', 'Cost estimate and photos before the work'), t('完了後に領収書・改修後の写真', 'After the work: receipt and photos')],
    days: 30, processing: t('事前申請の確認後に着工してください。完了後の申請を審査し、振り込みます。', 'Start the work after we confirm the advance application; we pay after reviewing the completion report.'), legal: CARE_LAW('第45条', 'Article 45'),
  },
  {
    slug: 'care-certification-after-move', no: 26, category: 'care', events: ['care', 'moving'], dept: 'fukushi',
    name: t('住所移転後の要介護・要支援認定申請', 'Application for care certification after moving'),
    kana: 'じゅうしょいてんごのようかいごようしえんにんていしんせい', keywords: ['介護認定', '転入', '受給資格証明書'],
    summary: t('前の市区町村で受けていた要介護・要支援認定を引き継ぐ申請です。転入から14日以内に申請すると、審査なしで引き継げます。', 'Carry over the certification from your previous municipality. Apply within 14 days of moving and it carries over without a new assessment.'),
    eligibility: t('転入前の市区町村で要介護・要支援認定を受けていた方', 'People certified by their previous municipality'),
    documents: [CARD, t('前住所地で交付された受給資格証明書', 'The certificate of eligibility from your previous municipality')],
    days: 14, processing: t('新しい被保険者証を郵送します。', 'We post your new insurance card.'), legal: CARE_LAW('第36条', 'Article 36'),
  },
  {
    slug: 'disaster-certificate', no: 27, category: 'disaster', events: ['disaster'], dept: 'zeimu',
    name: t('罹災証明書の発行申請', 'Application for a disaster damage certificate'),
    kana: 'りさいしょうめいしょのはっこうしんせい', keywords: ['罹災証明', '被災', '家屋被害', '地震', '水害', '台風'],
    summary: t('災害で住家が被害を受けたときに、被害の程度（全壊・半壊など）を証明する罹災証明書の発行を申請します。支援金や保険の手続きに使います。', 'If your home was damaged in a disaster, apply for a certificate of the damage level (total, half …). It is used for support payments and insurance.'),
    eligibility: t('被災した住家の居住者・所有者、またはその代理人', 'Residents or owners of the damaged home, or their representative'),
    documents: [CARD, t('被害の状況がわかる写真（外観4方向と被害箇所）', 'Photos of the damage (the outside from four sides and each damaged part)')],
    days: 21, processing: t('家屋被害認定調査の後、証明書を交付します。', 'We issue the certificate after surveying the damage.'), legal: t('災害対策基本法第90条の2', 'Disaster Countermeasures Basic Act, Article 90-2'),
  },
  {
    slug: 'residence-certificate', no: null, category: 'certificates', events: ['certificate', 'moving'], dept: 'shimin',
    name: t('住民票の写しの交付請求', 'Request for a copy of the residence record (住民票)'),
    kana: 'じゅうみんひょうのうつしのこうふせいきゅう', keywords: ['住民票', '証明書', '郵送', '写し'],
    summary: t('住民票の写しを請求し、郵送で受け取れます。世帯全員・一部、本籍・続柄の記載の有無を選べます。', 'Request copies of your residence record, delivered by post. Choose the household members and whether to show the registered domicile and relationships.'),
    eligibility: t('本人または同じ世帯の方（マイナンバーカードで本人確認）', 'You or a member of your household (identity checked with the My Number Card)'),
    documents: [CARD],
    fee: 300, feeNote: t('1通300円（郵送料は市が負担します）', '300 yen per copy (the city pays the postage)'),
    days: 5, processing: t('受付後、5開庁日以内に住民登録の住所へ郵送します。', 'Posted to your registered address within 5 working days.'), legal: t('住民基本台帳法第12条', 'Basic Resident Registration Act, Article 12'),
  },
];

async function departmentId(tx: Queryable, tenant: string, code: DepartmentCode): Promise<string> {
  const d = DEPARTMENTS[code];
  await tx.query('INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, code) DO NOTHING', [tenant, code, d.nameJa, d.nameEn]);
  const [row] = await tx.query<{ id: string }>('SELECT id FROM departments WHERE tenant_id = $1 AND code = $2', [tenant, code]);
  return row!.id;
}

/** The seeded procedures as catalog input (also used by tests). */
export function demoProcedures(): (Omit<ProcedureInput, 'departmentId'> & { department: DepartmentCode })[] {
  return seeds.map((s, i) => {
    const details: ProcedureDetails = {
      summary: s.summary,
      eligibility: s.eligibility,
      documents: s.documents,
      ...(s.feeNote ? { feeNote: s.feeNote } : {}),
      processing: s.processing,
      legalBasis: s.legal,
      howToApply: t('このページからオンラインで申請できます。窓口・郵送でも受け付けています。', 'Apply online from this page, or at the counter or by post.'),
    };
    return {
      slug: s.slug, nationalNo: s.no, category: s.category, lifeEvents: s.events, department: s.dept, name: s.name, nameKana: s.kana,
      details, feeYen: s.fee ?? 0, assurance: 2, processingDays: s.days, contactPhone: DEPARTMENTS[s.dept].phone, sortOrder: (i + 1) * 10, keywords: s.keywords ?? [],
    };
  });
}

/**
 * Procedures that grant money or a certification: 起案 → 審査 → 決裁 (two approvals after drafting,
 * by two different managers). Notifications and certificates: 起案 → 決裁.
 */
const THREE_STEP_PROCEDURES = new Set([
  'child-allowance-claim', 'child-allowance-revision', 'childcare-certification', 'nursery-application', 'care-certification', 'care-certification-renewal',
  'care-certification-change', 'care-certification-after-move', 'high-cost-care-benefit', 'welfare-equipment-purchase', 'home-modification', 'disaster-certificate',
]);

/**
 * Seeds the catalog of `tenantCode` and publishes each procedure's form (a new version only when the
 * form changed) and its approval route. Departments it needs are created when missing. Idempotent.
 */
export async function seedDemoProcedures(deps: Pick<Deps, 'db'>, tenantCode: string): Promise<void> {
  await withTenant(deps.db, tenantCode, async (tx) => {
    for (const p of demoProcedures()) {
      const { department, ...input } = p;
      const id = await saveProcedure(tx, tenantCode, { ...input, departmentId: await departmentId(tx, tenantCode, department) });
      await publishForm(tx, tenantCode, id, demoFormFor(input.slug));
      await saveApprovalRoute(tx, tenantCode, id, THREE_STEP_PROCEDURES.has(input.slug) ? THREE_STEP_ROUTE : DEFAULT_ROUTE);
    }
  });
}
