/**
 * A procedure with a 10-field form (the benchmark shape) for this folder's tests, the
 * submission benchmark and the reliability script. Never imported by product code.
 */
import type { Deps } from '../../../platform/http/index.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { publishForm } from '../forms/forms.service.ts';
import { saveProcedure } from '../procedures.service.ts';

export const TEN_FIELD_SLUG = 'api-ten-field-notice';

const t = (ja: string, en: string) => ({ ja, en });

export const tenFieldForm: FormDefinition = {
  sections: [
    {
      id: 'applicant',
      title: t('届出をする人', 'Who is notifying'),
      fields: [
        { name: 'applicantName', type: 'name', label: t('氏名', 'Name'), required: true, prefill: 'name' },
        { name: 'applicantKana', type: 'kana', label: t('フリガナ', 'Name in katakana'), required: true },
        { name: 'birthdate', type: 'date', label: t('生年月日', 'Date of birth'), required: true, max: 0, prefill: 'birthdate' },
        { name: 'postalCode', type: 'postalCode', label: t('郵便番号', 'Postal code'), required: true },
        { name: 'address', type: 'address', label: t('住所', 'Address'), required: true, prefill: 'address' },
        { name: 'phone', type: 'phone', label: t('電話番号', 'Phone number'), required: true },
      ],
    },
    {
      id: 'notice',
      title: t('届出の内容', 'The notice'),
      fields: [
        { name: 'reason', type: 'choice', label: t('届出の理由', 'Reason'), required: true, options: [{ value: 'moved', label: t('転居', 'Moved') }, { value: 'other', label: t('その他', 'Other') }] },
        { name: 'household', type: 'number', label: t('世帯の人数', 'People in the household'), required: true, min: 1, max: 30 },
        { name: 'contactByPhone', type: 'yesno', label: t('電話での連絡を希望する', 'May we phone you?'), required: true },
        { name: 'consent', type: 'consent', label: t('記載内容に誤りがないことへの同意', 'I confirm what I entered is correct'), required: true },
      ],
    },
  ],
};

export const FILE_FIELD_SLUG = 'api-file-notice';

/** The ten fields plus a required file field (PDF or image, 5 MB) and an optional PDF-only one (100 KB): attachments through the API and in a 補正. */
export const fileFieldForm: FormDefinition = {
  sections: [
    ...tenFieldForm.sections,
    {
      id: 'documents',
      title: t('添付書類', 'Documents'),
      fields: [
        { name: 'idDocument', type: 'file', label: t('本人確認書類', 'Proof of identity'), required: true },
        { name: 'floorPlan', type: 'file', label: t('間取り図', 'Floor plan'), accept: ['pdf'], maxBytes: 100 * 1024 },
      ],
    },
  ],
};

/** Valid answers; `n` varies the name so rows differ. */
export function tenFieldAnswers(n = 0): Record<string, string> {
  return {
    applicantName: `みなと野 太郎${n % 1000}`,
    applicantKana: 'みなとの たろう',
    birthdate: '昭和60年4月1日',
    postalCode: '０００－００１１',
    address: '架空県みなと野市本町一丁目2番3号',
    phone: '090-1234-5678',
    reason: 'moved',
    household: '３',
    contactByPhone: 'no',
    consent: 'yes',
  };
}

/** Creates the procedure (assurance level 1) in its own department and publishes the form (the ten fields unless given). Returns the procedure id. */
export async function createTenFieldProcedure(deps: Pick<Deps, 'db'>, tenant: string, opts: { assurance?: 1 | 2; slug?: string; form?: FormDefinition } = {}): Promise<string> {
  return withTenant(deps.db, tenant, async (tx) => {
    const [dept] = await tx.query<{ id: string }>(
      `INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, 'api-test', '届出課', 'Notices Division')
       ON CONFLICT (tenant_id, code) DO UPDATE SET name_ja = EXCLUDED.name_ja RETURNING id`,
      [tenant],
    );
    const id = await saveProcedure(tx, tenant, {
      slug: opts.slug ?? TEN_FIELD_SLUG,
      nationalNo: null,
      category: 'living',
      lifeEvents: ['moving'],
      departmentId: dept!.id,
      name: t('住所変更のお知らせ（テスト）', 'Change of address notice (test)'),
      nameKana: 'じゅうしょへんこうのおしらせ',
      details: {
        summary: t('10項目の届出です。', 'A notice with ten fields.'),
        eligibility: t('市内に住む人', 'People living in the city'),
        documents: [],
        processing: t('即日', 'Same day'),
        legalBasis: t('なし', 'None'),
        howToApply: t('オンライン', 'Online'),
      },
      feeYen: 0,
      assurance: opts.assurance ?? 1,
      processingDays: 1,
      contactPhone: '000-100-0000',
      sortOrder: 9999,
      keywords: [],
    });
    await publishForm(tx, tenant, id, opts.form ?? tenFieldForm);
    return id;
  });
}
