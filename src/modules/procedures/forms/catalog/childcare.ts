/**
 * Forms of day care, the child-rearing allowance status report and the pregnancy notification
 * (national procedures 11–15), after the usual 支給認定申請書, 保育所等利用申込書, 現況届,
 * 児童扶養手当現況届 and 妊娠届出書.
 */
import type { FieldDef, FormDefinition } from '../form-definition.ts';
import { applicantSection, contactSection, declaration, onlyIf, option, t } from './common.ts';

const GUARDIAN = t('保護者（あなた）について', 'About you (the parent or guardian)');

const careChild: FieldDef[] = [
  { name: 'childName', type: 'name', label: t('子どもの氏名', "Child's name"), required: true },
  { name: 'childKana', type: 'kana', label: t('子どものフリガナ', "Child's name in katakana"), required: true },
  { name: 'childBirthdate', type: 'date', label: t('子どもの生年月日', "Child's date of birth"), required: true, min: -7 * 366, max: 300, hint: t('出産前の申込は出産予定日を入力してください。', 'Before the birth, enter the due date.') },
];

const careReasons = [
  option('work', '就労（月48時間以上）', 'Work (48 hours a month or more)'), option('birth', '妊娠・出産', 'Pregnancy or childbirth'),
  option('illness', '保護者の疾病・障害', "Parent's illness or disability"), option('nursing', '同居の親族の介護・看護', 'Caring for a relative at home'),
  option('disaster', '災害の復旧', 'Recovering from a disaster'), option('jobSeeking', '求職活動（起業の準備を含む）', 'Looking for work (incl. starting a business)'),
  option('study', '就学・職業訓練', 'Study or vocational training'), option('none', '保育を必要とする理由はない（教育のみ希望）', 'No need for care (education only)'),
];

/** Why one parent needs day care, and the working hours that decide standard or short hours. */
const reasonFields = (who: 'own' | 'spouse', label: string, labelEn: string): FieldDef[] => [
  { name: `${who}Reason`, type: 'choice', label: t(`${label}の保育を必要とする理由`, `${labelEn}: reason care is needed`), required: who === 'own', options: careReasons, ...(who === 'spouse' ? onlyIf('hasSpouse', 'yes') : {}) },
  { name: `${who}Employer`, type: 'text', label: t(`${label}の勤務先・通学先`, `${labelEn}: employer or school`), maxLength: 60, ...onlyIf(`${who}Reason`, 'work', 'study') },
  { name: `${who}Hours`, type: 'number', label: t(`${label}の1か月の就労・通学時間`, `${labelEn}: hours a month`), min: 0, max: 400, ...onlyIf(`${who}Reason`, 'work', 'study'), hint: t('就労証明書に記載の時間です。', 'As on the employment certificate.') },
];

export const childcareCertificationForm: FormDefinition = {
  sections: [
    applicantSection(GUARDIAN, [
      { name: 'relationToChild', type: 'choice', label: t('子どもとの続柄', 'Relationship to the child'), required: true, options: [option('mother', '母', 'Mother'), option('father', '父', 'Father'), option('other', 'その他（祖父母など）', 'Other (e.g. grandparent)')] },
    ]),
    { id: 'child', title: t('認定を受ける子ども', 'The child'), intro: t('きょうだいで申請する場合は、1人ずつ申請してください。', 'For siblings, apply once for each child.'), fields: careChild },
    {
      id: 'need',
      title: t('保育を必要とする理由', 'Why care is needed'),
      intro: t('父母それぞれについて入力してください。理由によって認定区分（1号・2号・3号）と保育の必要量（標準時間・短時間）が決まります。', 'Answer for each parent. The reason decides the type (1, 2 or 3) and the hours (standard or short).'),
      fields: [
        ...reasonFields('own', 'あなた', 'You'),
        { name: 'hasSpouse', type: 'yesno', label: t('配偶者（子どものもう一人の親）と同居していますか', "Do you live with your spouse (the child's other parent)?"), required: true },
        ...reasonFields('spouse', '配偶者', 'Spouse'),
        { name: 'certType', type: 'choice', label: t('希望する認定区分', 'Type of certification you ask for'), required: true, options: [
          option('type1', '1号認定（3歳以上・教育のみ：幼稚園・認定こども園）', 'Type 1 (age 3+, education only)'), option('type2', '2号認定（3歳以上・保育が必要）', 'Type 2 (age 3+, needs care)'), option('type3', '3号認定（3歳未満・保育が必要）', 'Type 3 (under 3, needs care)'),
        ] },
        { name: 'startDate', type: 'date', label: t('利用を始めたい日', 'Desired start date'), required: true, min: 0, max: 366 },
        { name: 'employmentCertificate', type: 'file', label: t('就労証明書など', 'Employment certificate or similar'), accept: ['pdf', 'image'], maxFiles: 4, ...onlyIf('ownReason', 'work', 'study', 'illness', 'nursing', 'jobSeeking'), hint: t('勤務先が作成した就労証明書、診断書などをPDFか写真で添付してください。', 'Attach the certificate from the employer, a medical certificate … as PDF or photo.') },
      ],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、支給認定を申請します。認定のため、市が税情報等を確認することに同意します。', 'I declare that what I have entered is true and apply for certification. I agree that the city checks tax records for it.')),
  ],
};

export const nurseryApplicationForm: FormDefinition = {
  sections: [
    applicantSection(GUARDIAN),
    { id: 'child', title: t('利用する子ども', 'The child'), fields: [
      ...careChild,
      { name: 'certified', type: 'choice', label: t('保育の必要性の認定', 'Certification of the need for care'), required: true, options: [option('yes', '認定を受けている（2号・3号）', 'Already certified (type 2 or 3)'), option('applying', 'この申込と同時に申請する', 'Applying at the same time')] },
      { name: 'certNumber', type: 'text', label: t('支給認定証の番号', 'Certificate number'), maxLength: 20, ...onlyIf('certified', 'yes') },
    ] },
    {
      id: 'preferences',
      title: t('希望する施設', 'Facilities you want'),
      intro: t('第1希望から順に入力してください。希望が多いほど入所できる可能性が高くなります。', 'List them in order of preference. The more you list, the better your chances.'),
      fields: [
        { name: 'facilities', type: 'group', label: t('希望する施設', 'Preferred facilities'), itemLabel: t('希望施設', 'Preference'), required: true, minItems: 1, maxItems: 6, fields: [
          { name: 'facility', type: 'text', label: t('施設名', 'Facility'), required: true, maxLength: 60 },
          { name: 'reason', type: 'text', label: t('希望する理由', 'Why this one'), maxLength: 100, hint: t('例: 自宅から近い、きょうだいが通っている', 'For example near home, a sibling goes there') },
        ] },
        { name: 'startMonth', type: 'date', label: t('入所を希望する月', 'Desired start month'), required: true, min: 0, max: 366, hint: t('その月の1日を入力してください（例: 令和9年4月1日）。', 'Enter the 1st of the month (e.g. 2027/4/1).') },
        { name: 'hours', type: 'choice', label: t('希望する保育時間', 'Hours of care'), required: true, options: [option('standard', '保育標準時間（最長11時間）', 'Standard (up to 11 hours)'), option('short', '保育短時間（最長8時間）', 'Short (up to 8 hours)')] },
        { name: 'anyFacility', type: 'yesno', label: t('希望の施設に入れない場合、ほかの空いている施設を案内してよいですか', 'If none of these has a place, may we suggest another facility?'), required: true },
        { name: 'sibling', type: 'yesno', label: t('きょうだいが保育施設を利用していますか', 'Does a brother or sister use a nursery?'), required: true },
        { name: 'siblingFacility', type: 'text', label: t('きょうだいが利用している施設名', "The sibling's facility"), maxLength: 60, ...onlyIf('sibling', 'yes') },
        { name: 'specialCare', type: 'textarea', label: t('配慮が必要なこと（アレルギー・障害・医療的ケアなど）', 'Special needs (allergies, disability, medical care …)'), maxLength: 1000 },
      ],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、保育施設等の利用を申し込みます。利用調整のため、市が税・世帯の情報を確認することに同意します。', 'I declare that what I have entered is true and apply for a place. I agree that the city checks tax and household records for the allocation.')),
  ],
};

export const nurseryStatusForm: FormDefinition = {
  sections: [
    applicantSection(GUARDIAN),
    { id: 'child', title: t('利用している子ども', 'The child'), fields: [
      careChild[0]!, careChild[1]!,
      { name: 'facility', type: 'text', label: t('利用している施設名', 'Facility'), required: true, maxLength: 60 },
      { name: 'certNumber', type: 'text', label: t('支給認定証の番号', 'Certificate number'), maxLength: 20 },
    ] },
    {
      id: 'status',
      title: t('現在の状況', 'Your situation now'),
      fields: [
        { name: 'unchanged', type: 'yesno', label: t('保育を必要とする理由（勤務先・時間など）は前回から変わっていませんか', 'Is the reason for care (employer, hours …) unchanged since last time?'), required: true },
        { name: 'ownReason', type: 'choice', label: t('現在の保育を必要とする理由', 'Current reason care is needed'), options: careReasons, ...onlyIf('unchanged', 'no') },
        { name: 'newEmployer', type: 'text', label: t('現在の勤務先・通学先', 'Current employer or school'), maxLength: 60, ...onlyIf('ownReason', 'work', 'study') },
        { name: 'newHours', type: 'number', label: t('1か月の就労・通学時間', 'Hours a month'), min: 0, max: 400, ...onlyIf('ownReason', 'work', 'study') },
        { name: 'certificate', type: 'file', label: t('今年度の就労証明書など', "This year's employment certificate or similar"), required: true, accept: ['pdf', 'image'], maxFiles: 4 },
      ],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、現況を届け出ます。', 'I declare that what I have entered is true and report my situation.')),
  ],
};

export const childRearingAllowanceStatusForm: FormDefinition = {
  sections: [
    applicantSection(t('受給者（あなた）について', 'About you (the recipient)'), [
      { name: 'certificateNo', type: 'text', label: t('児童扶養手当証書の番号', 'Allowance certificate number'), required: true, maxLength: 20 },
      { name: 'maritalStatus', type: 'choice', label: t('8月1日の婚姻の状況', 'Marital status on 1 August'), required: true, options: [option('divorced', '離婚', 'Divorced'), option('widowed', '死別', 'Widowed'), option('unmarried', '未婚', 'Never married'), option('other', 'その他（配偶者の障害・拘禁など）', 'Other (spouse disabled, imprisoned …)')] },
    ]),
    {
      id: 'children',
      title: t('養育している子ども', 'Children you raise'),
      fields: [{ name: 'children', type: 'group', label: t('対象となる子ども', 'Children'), itemLabel: t('子ども', 'Child'), required: true, minItems: 1, maxItems: 10, fields: [
        { name: 'name', type: 'name', label: t('氏名', 'Full name'), required: true },
        { name: 'kana', type: 'kana', label: t('フリガナ', 'Name in katakana'), required: true },
        { name: 'birthdate', type: 'date', label: t('生年月日', 'Date of birth'), required: true, min: -21 * 366, max: 0 },
        { name: 'livesTogether', type: 'yesno', label: t('同居していますか', 'Does the child live with you?'), required: true },
      ] }],
    },
    {
      id: 'household',
      title: t('暮らしの状況', 'Your household'),
      intro: t('手当の額は所得と養育費で決まります。わかる範囲で入力し、面談で確認します。', 'The amount depends on income and child support. Enter what you know; we confirm it at the interview.'),
      fields: [
        { name: 'cohabitant', type: 'yesno', label: t('子ども以外に同居している方はいますか（親族・交際相手を含む）', 'Does anyone besides the children live with you (relatives, a partner)?'), required: true },
        { name: 'cohabitants', type: 'textarea', label: t('同居している方の氏名と続柄', 'Names and relationships of those living with you'), maxLength: 500, ...onlyIf('cohabitant', 'yes') },
        { name: 'pension', type: 'yesno', label: t('あなたや子どもは公的年金（遺族年金・障害年金など）を受けていますか', 'Do you or the children receive a public pension (survivors, disability …)?'), required: true },
        { name: 'pensionKind', type: 'text', label: t('年金の種類', 'Type of pension'), maxLength: 60, ...onlyIf('pension', 'yes') },
        { name: 'support', type: 'yesno', label: t('子どもの父または母から養育費を受け取っていますか', "Do you receive child support from the child's other parent?"), required: true },
        { name: 'supportMonthly', type: 'number', label: t('養育費の月額（円）', 'Child support per month (yen)'), min: 0, max: 10_000_000, ...onlyIf('support', 'yes') },
      ],
    },
    {
      id: 'interview',
      title: t('面談の希望日', 'Interview'),
      intro: t('8月中に市役所で短い面談があります。希望の日時を選んでください。', 'There is a short interview at the city hall in August. Choose when suits you.'),
      fields: [
        { name: 'interviewDate', type: 'date', label: t('面談の希望日', 'Preferred date'), required: true, min: 1, max: 90 },
        { name: 'interviewTime', type: 'choice', label: t('希望の時間帯', 'Preferred time'), required: true, options: [option('am', '午前（9時〜12時）', 'Morning (9–12)'), option('pm', '午後（13時〜17時）', 'Afternoon (13–17)')] },
      ],
    },
    contactSection,
    declaration(t('記入した内容に相違ないことを申し立て、現況届の内容を送信します。', 'I declare that what I have entered is true and send my status report.')),
  ],
};

export const pregnancyNotificationForm: FormDefinition = {
  sections: [
    applicantSection(t('妊娠している方について', 'About the pregnant person'), [
      { name: 'notifier', type: 'choice', label: t('届け出るのは', 'Who is notifying'), required: true, options: [option('self', '妊娠している本人', 'The pregnant person'), option('proxy', '代理人（夫・家族など）', 'Someone on her behalf (partner, family)')], hint: t('代理人の場合は、上の欄に妊娠している方の情報を入力してください。', 'If you notify on her behalf, enter her details above.') },
      { name: 'proxyName', type: 'name', label: t('代理人の氏名', "Representative's name"), ...onlyIf('notifier', 'proxy') },
      { name: 'proxyRelation', type: 'text', label: t('妊娠している方との関係', 'Relationship to her'), maxLength: 30, ...onlyIf('notifier', 'proxy') },
      { name: 'occupation', type: 'choice', label: t('職業', 'Occupation'), required: true, options: [option('employee', '会社員・公務員', 'Employee or public servant'), option('self', '自営業', 'Self-employed'), option('part', 'パート・アルバイト', 'Part-time'), option('student', '学生', 'Student'), option('none', '無職', 'Not employed')] },
    ]),
    {
      id: 'pregnancy',
      title: t('妊娠について', 'About the pregnancy'),
      intro: t('医療機関でお聞きになった内容を入力してください。', 'Enter what the doctor or midwife told you.'),
      fields: [
        { name: 'diagnosed', type: 'yesno', label: t('医療機関で妊娠の診断を受けましたか', 'Has a doctor or midwife confirmed the pregnancy?'), required: true },
        { name: 'clinic', type: 'text', label: t('診断を受けた医療機関名', 'Hospital or clinic that confirmed it'), maxLength: 60, ...onlyIf('diagnosed', 'yes') },
        { name: 'diagnosisDate', type: 'date', label: t('診断を受けた日', 'Date confirmed'), min: -300, max: 0, ...onlyIf('diagnosed', 'yes') },
        { name: 'weeks', type: 'number', label: t('届出日の妊娠週数', 'Weeks of pregnancy today'), required: true, min: 4, max: 42, hint: t('例: 10（妊娠10週）', 'For example 10 (10 weeks)') },
        { name: 'dueDate', type: 'date', label: t('出産予定日', 'Due date'), required: true, min: 0, max: 300 },
        { name: 'multiple', type: 'choice', label: t('胎児の数', 'Number of babies'), required: true, options: [option('single', '1人', 'One'), option('twins', '双子', 'Twins'), option('more', '3人以上', 'Three or more'), option('unknown', 'まだわからない', 'Not known yet')] },
        { name: 'firstPregnancy', type: 'yesno', label: t('初めての妊娠ですか', 'Is this your first pregnancy?'), required: true },
        { name: 'children', type: 'number', label: t('これまでに出産した子どもの人数', 'Number of children you have given birth to'), min: 0, max: 20, ...onlyIf('firstPregnancy', 'no') },
        { name: 'deliveryPlace', type: 'text', label: t('出産予定の医療機関（決まっていれば）', 'Where you plan to give birth (if decided)'), maxLength: 60, hint: t('里帰り出産の予定があれば、その地域の医療機関名を入力してください。', 'If you plan to give birth near your family home, enter that hospital.') },
      ],
    },
    {
      id: 'health',
      title: t('健康と暮らしについて', 'Health and daily life'),
      intro: t('保健師が面談で一緒に確認します。答えにくいことは空欄で構いません。', 'A public health nurse goes through this with you. You may leave difficult questions empty.'),
      fields: [
        { name: 'chronicIllness', type: 'yesno', label: t('持病や治療中の病気はありますか', 'Do you have a chronic illness or ongoing treatment?') },
        { name: 'illnessDetails', type: 'text', label: t('病名など', 'Which illness'), maxLength: 100, ...onlyIf('chronicIllness', 'yes') },
        { name: 'smoking', type: 'yesno', label: t('同居の方を含め、たばこを吸う方はいますか', 'Does anyone in the household, you included, smoke?') },
        { name: 'support', type: 'yesno', label: t('妊娠・出産・子育てを手伝ってくれる人はいますか', 'Is there someone to help you with pregnancy, birth and the baby?') },
        { name: 'worries', type: 'textarea', label: t('心配なこと・相談したいこと', 'Worries or questions'), maxLength: 1000 },
        { name: 'interviewDate', type: 'date', label: t('面談（母子健康手帳の交付）の希望日', 'Preferred date for the interview (handbook handover)'), required: true, min: 1, max: 60 },
        { name: 'interviewTime', type: 'choice', label: t('希望の時間帯', 'Preferred time'), required: true, options: [option('am', '午前（9時〜12時）', 'Morning (9–12)'), option('pm', '午後（13時〜17時）', 'Afternoon (13–17)')] },
      ],
    },
    contactSection,
    declaration(t('母子保健法第15条により妊娠を届け出ます。記入した内容に相違ありません。', 'I notify the pregnancy under the Maternal and Child Health Act, Article 15. What I have entered is true.')),
  ],
};
