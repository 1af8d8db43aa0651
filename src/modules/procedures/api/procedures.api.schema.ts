/** Request and response schemas of the procedures API; the OpenAPI document is generated from them. */
import { z } from '@hono/zod-openapi';
import { ruleMessage } from '../../../platform/validation/index.ts';
import { attachmentText } from '../attachments/attachments.messages.ts';
import { categories, lifeEvents } from '../procedures.vocabulary.ts';

const text = (ja: string, en: string) => z.object({ ja: z.string().openapi({ example: ja }), en: z.string().openapi({ example: en }) });
export const errorRef = { $ref: '#/components/schemas/Error' } as const;
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema: schema as z.ZodType } } });

export const errors = {
  400: json(errorRef, 'Invalid request; `fields` names each problem in Japanese and English'),
  404: json(errorRef, 'No such record in this municipality (also for another person\'s or municipality\'s id)'),
  413: json(errorRef, 'Body larger than BODY_LIMIT_BYTES'),
} as const;
export const residentErrors = {
  ...errors,
  401: json(errorRef, 'Not signed in, or the session ended (`unauthenticated`, `session_expired`)'),
  403: json(errorRef, 'CSRF token or Origin missing or wrong (`csrf_failed`), or the procedure needs My Number Card sign-in (`assurance_required`)'),
} as const;
export const staffErrors = {
  ...errors,
  401: json(errorRef, 'Missing, unknown, expired or revoked token'),
  403: json(errorRef, 'The token lacks the scope'),
  429: json(errorRef, 'Rate limited; see Retry-After'),
} as const;

const slug = z.string().regex(/^[a-z0-9-]{1,64}$/);
export const SlugParam = z.object({ procedureSlug: slug.openapi({ param: { name: 'procedureSlug', in: 'path' }, example: 'child-allowance-claim' }) });
export const ApplicationParam = z.object({ applicationId: z.string().uuid().openapi({ param: { name: 'applicationId', in: 'path' }, example: '3f0c2a52-5d1e-4b7f-9a51-3c1d2b7e8f90' }) });
export const AttachmentParam = ApplicationParam.extend({ attachmentId: z.string().uuid().openapi({ param: { name: 'attachmentId', in: 'path' }, description: 'The id in the file answer (`[{ id, fileName, … }]`)' }) });
/** A stored attachment as sent: its detected type, PDFs as a download, every response sandboxed and never sniffed. */
export const fileResponse = {
  description: 'The file: Content-Type as detected at upload (application/pdf, image/jpeg, image/png, image/webp); PDFs with Content-Disposition: attachment',
  content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
};

export const ProcedureQuery = z
  .object({
    category: z.enum(Object.keys(categories) as [keyof typeof categories]).optional().openapi({ param: { name: 'category', in: 'query' } }),
    lifeEvent: z.enum(Object.keys(lifeEvents) as [keyof typeof lifeEvents]).optional().openapi({ param: { name: 'lifeEvent', in: 'query' } }),
    q: z.string().max(100).optional().openapi({ param: { name: 'q', in: 'query' }, description: 'Words in the name or description; かな/カナ, 全角/半角 and partial words match', example: 'じどう' }),
  })
  .strict();

export const ProcedureSchema = z
  .object({
    slug: z.string().openapi({ example: 'child-allowance-claim' }),
    nationalNo: z.number().int().nullable().openapi({ description: 'Number in the national list of 27 priority procedures' }),
    category: z.string().openapi({ example: 'childcare' }),
    lifeEvents: z.array(z.string()).openapi({ example: ['birth', 'moving'] }),
    name: text('児童手当の認定請求', 'Child allowance claim'),
    nameKana: z.string(),
    department: text('子育て支援課', 'Child Support Division'),
    summary: text('児童手当を受け取るための請求です。', 'Claim the child allowance.'),
    feeYen: z.number().int(),
    assurance: z.number().int().openapi({ description: 'Sign-in level needed: 1 e-mail code, 2 My Number Card' }),
    processingDays: z.number().int().nullable(),
    contactPhone: z.string(),
    onlineForm: z.boolean(),
  })
  .openapi('Procedure');

export const ProcedureDetailSchema = ProcedureSchema.extend({
  details: z.record(z.string(), z.unknown()).openapi({ description: 'Eligibility, documents, fee note, processing time, legal basis, how to apply (each {ja, en})' }),
  form: z
    .object({ version: z.number().int(), definition: z.record(z.string(), z.unknown()).openapi({ description: 'Sections and fields (see docs/procedures.md, "Forms as data")' }) })
    .nullable()
    .openapi({ description: 'The current published form; null when the procedure has no online form' }),
}).openapi('ProcedureDetail');

/**
 * Answers by field name: a string per plain field, parts by name for a bank account, a list of items
 * (each field name → string) per repeating group; for a file field the id of an upload
 * (POST /api/resident/v1/attachments), a list of ids, or the list of {id, …} records as returned.
 */
export const AnswersSchema = z
  .record(
    z.string().max(64),
    z.union([
      z.string().max(10_000),
      z.record(z.string().max(64), z.string().max(10_000)),
      z.array(z.record(z.string().max(64), z.string().max(10_000))).max(50),
      z.array(z.string().max(64)).max(20),
    ]),
  )
  .refine((a) => Object.keys(a).length <= 200, { message: 'too many answers' })
  .openapi('Answers', { example: { applicantName: 'みなと野 太郎', applicantKana: 'ミナトノ タロウ', postalCode: '123-4567' } });

const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/);

export const UploadBody = z
  .object({
    procedure: slug.openapi({ description: 'The procedure whose form has the file field', example: 'child-allowance-claim' }),
    field: fieldName.openapi({ description: 'The name of the file field in the current form version', example: 'accountDocument' }),
    file: z
      .custom<File>((v) => v instanceof File, ruleMessage(attachmentText.noFile))
      .openapi({ type: 'string', format: 'binary', description: 'One file: a PDF or an image as the field accepts, within its size limit; the type is detected from the content' }),
  })
  .openapi('AttachmentUpload');

export const UploadedSchema = z
  .object({
    id: z.string().uuid().openapi({ description: "Put this id in the file field's answer of a draft (PUT …/answers) or a submission" }),
    procedure: z.string(),
    field: z.string(),
    fileName: z.string().openapi({ example: 'passbook.pdf', description: 'The name as stored: without the path, the extension from the detected type' }),
    contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']),
    size: z.number().int().openapi({ description: 'Bytes as stored (images without their metadata)' }),
    expiresAt: z.string().openapi({ description: 'Unless an answer uses it by then, the upload is deleted after this time (24 hours)' }),
  })
  .openapi('UploadedAttachment');

export const SubmitBody = z.object({ answers: AnswersSchema }).strict().openapi('SubmitApplication');
export const DraftBody = z.object({ answers: AnswersSchema }).strict().openapi('DraftAnswers');
export const EmptyBody = z.object({}).strict();

export const SubmittedSchema = z
  .object({
    id: z.string().uuid(),
    receiptNumber: z.string().openapi({ example: '2026-000123', description: '受付番号' }),
    status: z.literal('submitted'),
    procedure: z.string().openapi({ example: 'child-allowance-claim' }),
    formVersion: z.number().int(),
    duplicateOf: z.string().uuid().nullable().openapi({ description: 'Your open application for the same procedure, if any: staff see the flag' }),
    submittedAt: z.string(),
  })
  .openapi('SubmittedApplication');

export const IdempotencyHeader = z.object({
  'idempotency-key': z.string().optional().openapi({
    param: { name: 'idempotency-key', in: 'header', required: true },
    description: 'A unique key per submission (e.g. a UUID), 8–255 printable ASCII characters. Resending with the same key and body returns the first response (header Idempotent-Replayed: true); the same key with another body is refused with 422. Keys are kept at least 24 hours.',
    example: '5d9e0f3e-2a7c-4c11-9a4e-0b5c1e2d3f4a',
  }),
  'x-csrf-token': z.string().optional().openapi({ param: { name: 'x-csrf-token', in: 'header', required: true }, description: 'The csrfToken from GET /api/resident/v1/session' }),
});
export const CsrfHeader = z.object({
  'x-csrf-token': z.string().optional().openapi({ param: { name: 'x-csrf-token', in: 'header', required: true }, description: 'The csrfToken from GET /api/resident/v1/session' }),
});

export const ApplicationSummarySchema = z
  .object({
    id: z.string().uuid(),
    procedure: z.string(),
    procedureName: text('児童手当の認定請求', 'Child allowance claim'),
    status: z.enum(['draft', 'submitted', 'accepted', 'rejected', 'withdrawn']).or(z.string()),
    receiptNumber: z.string().nullable(),
    duplicateOf: z.string().nullable(),
    submittedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('ApplicationSummary');

export const EventSchema = z.object({ at: z.string(), status: z.string(), actorKind: z.string(), note: z.string() }).openapi('ApplicationEvent');

export const ApplicationSchema = z
  .object({
    id: z.string().uuid(),
    procedure: z.string(),
    procedureName: text('児童手当の認定請求', 'Child allowance claim'),
    formVersion: z.number().int(),
    status: z.string(),
    answers: z.record(z.string(), z.unknown()),
    receiptNumber: z.string().nullable(),
    duplicateOf: z.string().nullable(),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    timeline: z.array(EventSchema),
  })
  .openapi('Application');

export const DraftSchema = z
  .object({ id: z.string().uuid(), resumed: z.boolean(), formVersion: z.number().int(), answers: z.record(z.string(), z.unknown()) })
  .openapi('Draft');

export const SavedDraftSchema = z
  .object({
    id: z.string().uuid(),
    answers: z.record(z.string(), z.unknown()),
    complete: z.boolean().openapi({ description: 'True when every section passes: the draft can be submitted' }),
    problems: z.array(z.object({ field: z.string(), message: text('「氏名」を入力してください。', 'Enter Name.') })).openapi({ description: 'What still keeps the draft from being submitted (drafts may be incomplete)' }),
  })
  .openapi('SavedDraft');

export const SessionSchema = z
  .object({ signedIn: z.boolean(), assurance: z.number().int().nullable(), csrfToken: z.string() })
  .openapi('ResidentSession');

export const CaseQuery = z
  .object({
    status: z.enum(['submitted', 'correction_requested', 'accepted', 'rejected', 'withdrawn']).optional().openapi({ param: { name: 'status', in: 'query' } }),
    receiptNumber: z.string().regex(/^\d{4}-\d{6}$/).optional().openapi({ param: { name: 'receiptNumber', in: 'query' }, description: '受付番号, exactly', example: '2026-000123' }),
    name: z.string().min(1).max(100).optional().openapi({ param: { name: 'name', in: 'query' }, description: "The applicant's full name, family name, given name or reading (whole words)" }),
    assignee: z.string().uuid().or(z.literal('none')).optional().openapi({ param: { name: 'assignee', in: 'query' }, description: 'A staff id, or none' }),
    procedure: z.string().uuid().optional().openapi({ param: { name: 'procedure', in: 'query' } }),
    department: z.string().uuid().optional().openapi({ param: { name: 'department', in: 'query' } }),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ param: { name: 'from', in: 'query' }, description: 'Submitted on or after this day (YYYY-MM-DD, Japan time)' }),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ param: { name: 'to', in: 'query' }, description: 'Submitted on or before this day (YYYY-MM-DD, Japan time)' }),
    duplicates: z.enum(['1', 'true']).optional().openapi({ param: { name: 'duplicates', in: 'query' }, description: 'Only applications flagged as possible duplicates' }),
    correctionOverdue: z.enum(['1', 'true']).optional().openapi({ param: { name: 'correctionOverdue', in: 'query' }, description: 'Only cases whose open correction request (補正) is past its due date' }),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ param: { name: 'offset', in: 'query' } }),
    limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: 'limit', in: 'query' } }),
  })
  .strict();

export const CaseRowSchema = z
  .object({
    id: z.string().uuid(),
    receiptNumber: z.string(),
    procedureName: text('児童手当の認定請求', 'Child allowance claim'),
    departmentName: text('子育て支援課', 'Child Support Division'),
    status: z.string(),
    submittedAt: z.string(),
    duplicate: z.boolean(),
    assigneeName: z.string().nullable(),
    correctionOverdue: z.boolean().openapi({ description: 'The open correction request (補正) is past its due date' }),
  })
  .openapi('CaseRow');

export const CaseSchema = ApplicationSchema.extend({ residentId: z.string().uuid(), department: text('子育て支援課', 'Child Support Division') }).openapi('Case');

export const StepBody = z
  .object({
    action: z.enum(['approve', 'return', 'reject']).openapi({ description: 'approve the current step (the last step decides: accepted), return it to the previous step (差し戻し), or reject' }),
    staffId: z.string().uuid().openapi({ description: 'The staff member who takes this step (e.g. in the core system); the approval route, their role, delegation while someone is away and separation of duties are checked for this person, as on the staff pages' }),
    note: z.string().max(2000).default('').openapi({ description: 'Shown in the history and, for a decision, to the resident; required to return or reject' }),
  })
  .strict()
  .openapi('CaseStep');

export const StepResultSchema = z
  .object({ outcome: z.enum(['advanced', 'accepted', 'returned', 'rejected']), case: z.lazy(() => CaseSchema) })
  .openapi('CaseStepResult');

export const ExportBody = z
  .object({
    procedure: z.string().uuid().openapi({ description: 'The procedure whose accepted cases to export' }),
    scope: z.enum(['new', 'period']).openapi({ description: 'new: accepted cases never exported before; period: every case decided between from and to' }),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: 'YYYY-MM-DD, Japan time (scope period)' }),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: 'YYYY-MM-DD, Japan time (scope period)' }),
    encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8').openapi({ description: 'utf-8 (with BOM) or shift_jis; columns are documented in docs/procedures.md' }),
  })
  .strict()
  .openapi('CaseExport');

export const BatchParam = z.object({ batchId: z.string().uuid().openapi({ param: { name: 'batchId', in: 'path' } }) });

export const ExportBatchSchema = z
  .object({
    id: z.string().uuid(),
    procedureName: text('児童手当の認定請求', 'Child allowance claim'),
    createdAt: z.string(),
    scope: z.enum(['new', 'period']),
    encoding: z.string(),
    count: z.number().int(),
    sha256: z.string(),
    filename: z.string(),
    exportedBy: z.object({ kind: z.string(), id: z.string() }),
  })
  .openapi('ExportBatch');
