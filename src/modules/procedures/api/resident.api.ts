/**
 * Resident part of the procedures API, for same-origin apps signed in with the resident session
 * (resident-auth.ts, ADR 0037): the durable one-request submission with an Idempotency-Key, drafts
 * (start or resume, save answers, submit with an Idempotency-Key), attachments (upload a file, then
 * name its id in the file field's answer), one's applications with their timeline, and withdrawal.
 * The procedure's sign-in level is enforced as on the web.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError, type FieldError } from '../../../platform/errors/index.ts';
import { format } from '../../../platform/i18n/index.ts';
import { audit, clientIp, tenantTx, tenantTxWithCipher, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import { readResidentProfile, requireResident } from '../../residents/index.ts';
import {
  applicationEvents,
  getOwnApplication,
  listResidentApplications,
  saveDraft,
  startApplication,
  submitApplication,
  withdrawApplication,
  type Application,
} from '../applications.service.ts';
import type { Answers, FormDefinition } from '../forms/form-definition.ts';
import { checkForm, type RawAnswers } from '../forms/form-validation.ts';
import { currentForm, formVersion } from '../forms/forms.service.ts';
import { getProcedure, getProcedureById } from '../procedures.service.ts';
import { checkUpload } from '../attachments/attachment-check.ts';
import { attachmentText as am } from '../attachments/attachments.messages.ts';
import { rendition } from '../attachments/attachments.routes.ts';
import { addPendingUpload, MAX_PENDING_UPLOADS, PENDING_UPLOAD_HOURS, readAttachment, removeOtherAttachments } from '../attachments/attachments.service.ts';
import { claimFileAnswers, resolveFileAnswers, type FileClaim } from '../attachments/file-answers.ts';
import { limitUploads } from '../attachments/store-uploads.ts';
import { submitDurably, type SubmissionTarget } from './durable-submission.ts';
import { findIdempotencyKey, idempotencyKeyOf, replay, requestFingerprint, storeIdempotencyKey } from './idempotency.ts';
import {
  ApplicationParam,
  AttachmentParam,
  fileResponse,
  ApplicationSchema,
  ApplicationSummarySchema,
  CsrfHeader,
  DraftBody,
  DraftSchema,
  IdempotencyHeader,
  residentErrors,
  SavedDraftSchema,
  SessionSchema,
  SlugParam,
  SubmitBody,
  SubmittedSchema,
  UploadBody,
  UploadedSchema,
} from './procedures.api.schema.ts';
import { csrfTokenOf, findKeyOfSession, residentCookieOf, residentOfSession } from './resident-auth.ts';

const tags = ['Procedures (resident)'];
const security = [{ residentSession: [] }];
const errorJson = (status: 409 | 422 | 429, description: string) => ({ [status]: { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } });
const attachmentErrors = errorJson(422, '`invalid_attachment`: a file field names an attachment it may not use (another person\'s, procedure\'s or field\'s, used by another application, expired), or the uploaded file was refused; `fields` names the field');

/**
 * Answer keys the form does not have are refused (a typo must not be silently dropped). A file
 * field's answer names uploads by id; file-answers.ts decides which ones it may use.
 */
function unknownAnswers(form: FormDefinition, answers: RawAnswers): FieldError[] {
  const fields = new Set(form.sections.flatMap((s) => s.fields.map((f) => f.name)));
  return Object.keys(answers).flatMap((k): FieldError[] => (fields.has(k) ? [] : [{ field: `answers.${k}`, message: { ja: `「${k}」という項目はこの様式にありません。`, en: `This form has no field "${k}".` } }]));
}

const namesFiles = (form: FormDefinition, answers: RawAnswers) => form.sections.some((s) => s.fields.some((f) => f.type === 'file' && f.name in answers));

/**
 * The answers of a one-request submission with its file fields resolved to the resident's uploads
 * (the session is read here only when a file field is answered: the hot path stays one transaction).
 */
async function resolveSubmittedFiles(c: Ctx, sessionCookie: string, target: SubmissionTarget, answers: RawAnswers): Promise<{ answers: RawAnswers; claims: FileClaim[] }> {
  if (!namesFiles(target.form, answers)) return { answers, claims: [] };
  const { residentId } = await residentOfSession(c, sessionCookie);
  return tenantTx(c, (tx) => resolveFileAnswers(tx, c.var.tenant.code, { form: target.form, answers, residentId, procedureId: target.procedureId, prefix: 'answers.' }));
}

const prefixed = (errors: FieldError[]) => errors.map((e) => ({ ...e, field: `answers.${e.field}` }));

/** Checks answers for submission; throws validation_failed naming each field as `answers.<name>`. */
export function checkAnswers(form: FormDefinition, answers: RawAnswers): Answers {
  const unknown = unknownAnswers(form, answers);
  if (unknown.length) throw new AppError('validation_failed', { fields: unknown });
  const checked = checkForm(form, answers);
  if (!checked.ok) throw new AppError('validation_failed', { fields: prefixed(checked.errors) });
  return checked.answers;
}

interface CachedTarget {
  /** One read shared by every request that misses at once (32 requests would otherwise all read it when the entry expires). */
  target: Promise<SubmissionTarget | null>;
  until: number;
}
const targets = new WeakMap<object, Map<string, CachedTarget>>();

/**
 * The procedure and its current form, cached for 5 seconds per app server: every submission needs
 * them before anything is written, and a published form version never changes (a newer version
 * is picked up within 5 seconds; the application records the version it was checked against).
 */
async function submissionTarget(c: Ctx, slug: string): Promise<SubmissionTarget> {
  const db = c.get('deps').db;
  const tenantCode = c.get('tenant').code;
  let cache = targets.get(db);
  if (!cache) targets.set(db, (cache = new Map()));
  const id = `${tenantCode}/${slug}`;
  let hit = cache.get(id);
  if (!hit || hit.until < Date.now()) {
    const target = tenantTx(c, async (tx) => {
      const p = await getProcedure(tx, tenantCode, slug);
      const form = p ? await currentForm(tx, tenantCode, p.id) : null;
      return p && form ? { procedureId: p.id, slug: p.slug, name: p.name, assurance: p.assurance, formVersion: form.version, form: form.definition } : null;
    });
    const entry: CachedTarget = { target, until: Date.now() + 5000 };
    // A failed read is not kept: the next request reads again.
    target.catch(() => cache.get(id) === entry && cache.delete(id));
    if (cache.size > 5000) cache.clear();
    cache.set(id, entry);
    hit = entry;
  }
  const target = await hit.target;
  if (!target) throw new AppError('not_found');
  return target;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function ownApplication(c: Ctx, id: string, opts: { lock?: boolean } = {}) {
  const { residentId } = requireResident(c, 1);
  return tenantTxWithCipher(c, async (tx, cipher) => {
    const app = await getOwnApplication(tx, cipher, c.var.tenant.code, id, residentId, opts);
    if (!app) throw new AppError('not_found');
    return app;
  });
}

async function presentApplication(c: Ctx, app: Application) {
  const { procedure, events } = await tenantTx(c, async (tx) => ({
    procedure: (await getProcedureById(tx, c.var.tenant.code, app.procedureId))!,
    events: await applicationEvents(tx, c.var.tenant.code, app.id),
  }));
  return {
    id: app.id,
    procedure: procedure.slug,
    procedureName: procedure.name,
    formVersion: app.formVersion,
    status: app.status,
    answers: app.answers,
    receiptNumber: app.receiptNumber,
    duplicateOf: app.duplicateOf,
    submittedAt: iso(app.submittedAt),
    decidedAt: iso(app.decidedAt),
    timeline: events.map((e) => ({ at: e.at.toISOString(), status: e.status, actorKind: e.actorKind, note: e.note })),
  };
}

export function mountResidentApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/resident/v1/session',
      tags,
      summary: 'Whether a resident is signed in, at which level, and the CSRF token to send in X-CSRF-Token',
      responses: { 200: { description: 'The session', content: { 'application/json': { schema: SessionSchema } } } },
    }),
    (c) => {
      const s = c.var.residentSession;
      c.header('Cache-Control', 'no-store');
      return c.json({ signedIn: Boolean(s), assurance: s?.assurance ?? null, csrfToken: csrfTokenOf(c) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/resident/v1/procedures/{procedureSlug}/applications',
      tags,
      summary: 'Apply in one request: check the answers, submit durably, answer after COMMIT (Idempotency-Key required)',
      description:
        'The answers are checked against the current form version; the application, its audit entry and the idempotency key are written in one transaction. ' +
        'Resending with the same Idempotency-Key and body returns the first response with `Idempotent-Replayed: true` (201 again); another body with the same key gets 422 `idempotency_key_reused`. ' +
        'Concurrent duplicates make one application.',
      security,
      request: { params: SlugParam, headers: IdempotencyHeader, body: { required: true, content: { 'application/json': { schema: SubmitBody } } } },
      responses: {
        201: { description: 'Submitted (or the replay of the first submission with this key)', content: { 'application/json': { schema: SubmittedSchema } } },
        ...residentErrors,
        ...errorJson(422, '`idempotency_key_reused`: the Idempotency-Key was used for another request body; or `invalid_attachment`: a file field names an attachment it may not use'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { procedureSlug } = c.req.valid('param');
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const sessionCookie = residentCookieOf(c);
      if (!sessionCookie) throw new AppError('unauthenticated');
      const target = await submissionTarget(c, procedureSlug);
      const fingerprint = requestFingerprint('POST', `/api/resident/v1/procedures/${procedureSlug}/applications`, body);
      let answers: Answers;
      let uploads: FileClaim[];
      try {
        const files = await resolveSubmittedFiles(c, sessionCookie, target, body.answers);
        answers = checkAnswers(target.form, files.answers);
        uploads = files.claims;
      } catch (err) {
        // A retry of an accepted submission replays it even if a newer form version would refuse it now.
        const earlier = await findKeyOfSession(c, sessionCookie, key);
        if (!earlier) throw err;
        c.header('Idempotent-Replayed', 'true');
        const r = replay(earlier, fingerprint);
        return c.json(r.body as z.infer<typeof SubmittedSchema>, 201);
      }
      // c.var copies Hono's variable map on every access: read it once on this hot path.
      const { deps, tenant } = c.var;
      const outcome = await submitDurably(
        {
          db: deps.db,
          keyring: deps.keyring,
          session: { idleMinutes: deps.config.RESIDENT_IDLE_MINUTES, maxHours: deps.config.SESSION_MAX_HOURS },
          tenant: { code: tenant.code, nameJa: tenant.nameJa, origin: tenant.origin },
          onMailQueued: () => deps.worker.nudge(),
        },
        { sessionCookie, target, answers, uploads, key, fingerprint, ip: clientIp(c) },
      );
      if (!outcome.ok) throw outcome.error;
      if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(outcome.response.body as z.infer<typeof SubmittedSchema>, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/resident/v1/attachments',
      tags,
      summary: "Upload one file for a file field of a procedure's form; name the returned id in that field's answer",
      description:
        'multipart/form-data with `procedure` (slug), `field` (a file field of the current form) and `file`. The file is checked as on the web form: the type is detected from the ' +
        "content (a file renamed to .pdf is still what it is), the field's kinds and size limit apply (default 5 MB, at most 10 MB), PDFs with scripts or embedded files are refused, " +
        `image metadata is removed. It is stored encrypted, held for you only, and can be used once: by a draft (PUT …/answers) or a submission of this procedure, in this field, ` +
        `within ${PENDING_UPLOAD_HOURS} hours. At most ${MAX_PENDING_UPLOADS} unused uploads at a time; uploads are rate limited per resident (shared with the web form).`,
      security,
      request: { headers: CsrfHeader, body: { required: true, content: { 'multipart/form-data': { schema: UploadBody } } } },
      responses: {
        201: { description: 'Stored; put `id` in the answer of the file field', content: { 'application/json': { schema: UploadedSchema } } },
        ...residentErrors,
        413: { description: 'The request is larger than UPLOAD_LIMIT_BYTES (a file within that but above the field\'s limit gets 422 naming the field)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ...attachmentErrors,
        ...errorJson(429, 'Too many uploads; see Retry-After'),
      },
    }),
    async (c) => {
      const session = requireResident(c, 1);
      const { procedure: slug, field, file } = c.req.valid('form');
      await limitUploads(c, session.residentId);
      const content = Buffer.from(await file.arrayBuffer());
      const stored = await tenantTxWithCipher(c, async (tx, cipher) => {
        const tenant = c.var.tenant.code;
        const procedure = await getProcedure(tx, tenant, slug);
        const form = procedure ? await currentForm(tx, tenant, procedure.id) : null;
        if (!procedure || !form) throw new AppError('validation_failed', { fields: [{ field: 'procedure', message: procedure ? am.noOnlineForm : { ja: format(am.unknownProcedure.ja, { slug }), en: format(am.unknownProcedure.en, { slug }) } }] });
        if (session.assurance < procedure.assurance) throw new AppError('assurance_required');
        const f = form.definition.sections.flatMap((s) => s.fields).find((x) => x.name === field && x.type === 'file');
        if (!f) throw new AppError('validation_failed', { fields: [{ field: 'field', message: { ja: format(am.notFileField.ja, { name: field }), en: format(am.notFileField.en, { name: field }) } }] });
        const checked = checkUpload(f, f.label, content);
        if (!checked.ok) throw new AppError('invalid_attachment', { fields: [{ field: 'file', message: checked.error.message }] });
        const saved = await addPendingUpload(tx, cipher, tenant, { residentId: session.residentId, procedureId: procedure.id, field: f.name, fileName: file.name, contentType: checked.contentType, content: checked.content });
        if (!saved) throw new AppError('invalid_attachment', { fields: [{ field: 'file', message: { ja: format(am.tooManyPending.ja, { n: MAX_PENDING_UPLOADS }), en: format(am.tooManyPending.en, { n: MAX_PENDING_UPLOADS }) } }] });
        return { id: saved.id, procedure: procedure.slug, field: f.name, fileName: saved.fileName, contentType: saved.contentType as z.infer<typeof UploadedSchema>['contentType'], size: saved.size, expiresAt: saved.expiresAt.toISOString() };
      });
      return c.json(stored, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/resident/v1/procedures/{procedureSlug}/drafts',
      tags,
      summary: 'Start a draft (prefilled from the sign-in and earlier applications), or resume the open one',
      security,
      request: { params: SlugParam, headers: CsrfHeader },
      responses: {
        200: { description: 'The open draft was resumed', content: { 'application/json': { schema: DraftSchema } } },
        201: { description: 'A new draft', content: { 'application/json': { schema: DraftSchema } } },
        ...residentErrors,
      },
    }),
    async (c) => {
      const session = requireResident(c, 1);
      const { procedureSlug } = c.req.valid('param');
      const draft = await tenantTxWithCipher(c, async (tx, cipher) => {
        const tenant = c.var.tenant.code;
        const procedure = await getProcedure(tx, tenant, procedureSlug);
        const form = procedure ? await currentForm(tx, tenant, procedure.id) : null;
        if (!procedure || !form) throw new AppError('not_found');
        if (session.assurance < procedure.assurance) throw new AppError('assurance_required');
        const profile = await readResidentProfile(tx, cipher, tenant, session.residentId);
        const started = await startApplication(tx, cipher, tenant, {
          residentId: session.residentId,
          procedureId: procedure.id,
          formVersion: form.version,
          form: form.definition,
          profile: { name: profile?.name ?? null, address: profile?.address ?? null, birthdate: profile?.birthdate ?? null, email: profile?.email ?? null },
        });
        if (!started.resumed) await audit(c, tx, { action: 'application.start', recordType: 'application', recordId: started.id, details: { procedure: procedure.slug, via: 'api' } });
        const app = (await getOwnApplication(tx, cipher, tenant, started.id, session.residentId))!;
        return { id: app.id, resumed: started.resumed, formVersion: app.formVersion, answers: app.answers };
      });
      return draft.resumed ? c.json(draft, 200) : c.json(draft, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/resident/v1/applications/{applicationId}/answers',
      tags,
      summary: 'Save answers into a draft (merged into what is saved); says what still keeps it from being submitted',
      description: "A file field's answer names the ids of uploads (POST /api/resident/v1/attachments) for this procedure and field; the draft's earlier files of that field are removed.",
      security,
      request: { params: ApplicationParam, headers: CsrfHeader, body: { required: true, content: { 'application/json': { schema: DraftBody } } } },
      responses: { 200: { description: 'Saved', content: { 'application/json': { schema: SavedDraftSchema } } }, ...residentErrors, ...errorJson(409, 'No longer a draft (submitted or withdrawn)'), ...attachmentErrors },
    }),
    async (c) => {
      const { residentId } = requireResident(c, 1);
      const { answers } = c.req.valid('json');
      const saved = await tenantTxWithCipher(c, async (tx, cipher) => {
        const tenant = c.var.tenant.code;
        const app = await getOwnApplication(tx, cipher, tenant, c.req.valid('param').applicationId, residentId, { lock: true });
        if (!app) throw new AppError('not_found');
        if (app.status !== 'draft') throw new AppError('conflict');
        const form = await formVersion(tx, tenant, app.procedureId, app.formVersion);
        const unknown = unknownAnswers(form, answers);
        if (unknown.length) throw new AppError('validation_failed', { fields: unknown });
        const files = await resolveFileAnswers(tx, tenant, { form, answers, residentId, procedureId: app.procedureId, applicationId: app.id, prefix: 'answers.' });
        await claimFileAnswers(tx, tenant, { form, applicationId: app.id, residentId, procedureId: app.procedureId, claims: files.claims, prefix: 'answers.' });
        for (const f of form.sections.flatMap((s) => s.fields)) {
          if (f.type === 'file' && f.name in answers) await removeOtherAttachments(tx, tenant, app.id, f.name, (files.answers[f.name] as { id: string }[]).map((a) => a.id));
        }
        const merged = { ...app.answers, ...files.answers };
        await saveDraft(tx, cipher, tenant, app, merged);
        const checked = checkForm(form, merged);
        return { id: app.id, answers: merged, complete: checked.ok, problems: checked.ok ? [] : prefixed(checked.errors) };
      });
      return c.json(saved, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/resident/v1/applications/{applicationId}/submit',
      tags,
      summary: 'Submit a draft (Idempotency-Key required; the draft id also makes a second submit change nothing)',
      security,
      request: { params: ApplicationParam, headers: IdempotencyHeader },
      responses: { 201: { description: 'Submitted (or the replay)', content: { 'application/json': { schema: SubmittedSchema } } }, ...residentErrors, ...errorJson(409, 'Withdrawn, or otherwise not a draft any more'), ...errorJson(422, 'The Idempotency-Key was used for another request') },
    }),
    async (c) => {
      const { residentId } = requireResident(c, 1);
      const key = idempotencyKeyOf(c.req.header('idempotency-key'));
      const id = c.req.valid('param').applicationId;
      const fingerprint = requestFingerprint('POST', `/api/resident/v1/applications/${id}/submit`, {});
      const r = await tenantTxWithCipher(c, async (tx, cipher) => {
        const tenant = c.var.tenant.code;
        const earlier = await findIdempotencyKey(tx, tenant, residentId, key);
        if (earlier) return { ...replay(earlier, fingerprint), replayed: true };
        const own = await getOwnApplication(tx, cipher, tenant, id, residentId);
        if (!own) throw new AppError('not_found');
        const procedure = (await getProcedureById(tx, tenant, own.procedureId))!;
        if (requireResident(c, 1).assurance < procedure.assurance) throw new AppError('assurance_required');
        const result = await submitApplication(tx, cipher, tenant, { id, residentId, mail: { procedureName: procedure.name, tenantName: c.var.tenant.nameJa, link: `${c.var.tenant.origin}/applications/${id}` } }).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'validation_failed') throw new AppError('validation_failed', { fields: prefixed(err.fields) });
          throw err;
        });
        if (!result.alreadySubmitted) await audit(c, tx, { action: 'application.submit', recordType: 'application', recordId: id, details: { receiptNumber: result.receiptNumber, duplicateOf: result.duplicateOf, via: 'api' } });
        const app = (await getOwnApplication(tx, cipher, tenant, id, residentId))!;
        const body = { id, receiptNumber: result.receiptNumber, status: 'submitted', procedure: procedure.slug, formVersion: app.formVersion, duplicateOf: result.duplicateOf, submittedAt: iso(app.submittedAt) };
        // Another request with this key committed first: answer as it did (the draft id kept this one harmless).
        if (!(await storeIdempotencyKey(tx, tenant, residentId, key, fingerprint, { status: 201, body }, id))) {
          const other = (await findIdempotencyKey(tx, tenant, residentId, key))!;
          return { ...replay(other, fingerprint), replayed: true };
        }
        return { status: 201, body, replayed: result.alreadySubmitted };
      });
      c.var.deps.worker.nudge();
      if (r.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(r.body as z.infer<typeof SubmittedSchema>, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/resident/v1/applications',
      tags,
      summary: 'My applications and drafts with their status, newest first',
      security,
      responses: { 200: { description: 'Applications', content: { 'application/json': { schema: z.object({ applications: z.array(ApplicationSummarySchema) }) } } }, ...residentErrors },
    }),
    async (c) => {
      const { residentId } = requireResident(c, 1);
      const list = await tenantTx(c, (tx) => listResidentApplications(tx, c.var.tenant.code, residentId));
      return c.json(
        {
          applications: list.map((a) => ({ id: a.id, procedure: a.procedureSlug, procedureName: a.procedureName, status: a.status, receiptNumber: a.receiptNumber, duplicateOf: a.duplicateOf, submittedAt: iso(a.submittedAt), updatedAt: a.updatedAt.toISOString() })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/resident/v1/applications/{applicationId}',
      tags,
      summary: 'One of my applications with its answers and status timeline',
      security,
      request: { params: ApplicationParam },
      responses: { 200: { description: 'The application', content: { 'application/json': { schema: ApplicationSchema } } }, ...residentErrors },
    }),
    async (c) => c.json(await presentApplication(c, await ownApplication(c, c.req.valid('param').applicationId)), 200),
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/resident/v1/applications/{applicationId}/attachments/{attachmentId}',
      tags,
      summary: 'A file attached to one of my applications, as its answer names it',
      security,
      request: { params: AttachmentParam },
      responses: { 200: fileResponse, ...residentErrors },
    }),
    async (c) => {
      const { residentId } = requireResident(c, 1);
      const { applicationId, attachmentId } = c.req.valid('param');
      const file = await tenantTxWithCipher(c, async (tx, cipher) => {
        const app = await getOwnApplication(tx, cipher, c.var.tenant.code, applicationId, residentId);
        return app ? readAttachment(tx, cipher, c.var.tenant.code, app.id, attachmentId) : null;
      });
      if (!file) throw new AppError('not_found');
      return rendition(c, file);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/resident/v1/applications/{applicationId}/withdraw',
      tags,
      summary: 'Withdraw (取下げ) an application not yet decided, or discard a draft',
      security,
      request: { params: ApplicationParam, headers: CsrfHeader },
      responses: {
        200: { description: 'Withdrawn (the application with its timeline) or discarded ({id, status: "discarded"})', content: { 'application/json': { schema: z.object({ id: z.string().uuid(), status: z.string() }) } } },
        ...residentErrors,
        ...errorJson(409, 'Already decided or withdrawn'),
      },
    }),
    async (c) => {
      const { residentId } = requireResident(c, 1);
      const id = c.req.valid('param').applicationId;
      const wasDraft = await tenantTxWithCipher(c, async (tx, cipher) => {
        const app = await getOwnApplication(tx, cipher, c.var.tenant.code, id, residentId, { lock: true });
        if (!app) throw new AppError('not_found');
        await withdrawApplication(tx, c.var.tenant.code, app);
        await audit(c, tx, { action: app.status === 'draft' ? 'application.discard' : 'application.withdraw', recordType: 'application', recordId: app.id, details: { via: 'api' } });
        return app.status === 'draft';
      });
      if (wasDraft) return c.json({ id, status: 'discarded' }, 200);
      return c.json(await presentApplication(c, await ownApplication(c, id)), 200);
    },
  );
}
