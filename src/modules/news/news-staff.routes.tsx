/**
 * Staff routes under /staff/news: the list (with what waits for my approval), writing, editing,
 * files, sending for publication, approving or returning, withdrawing, and the per-category
 * approval settings (administrators). Each handler: validate → authorise → one service call in a
 * municipality transaction (which records the event and the audit entry) → 303 to the article.
 */
import { Hono } from 'hono';
import { broadcastProgress, listAreas, TOPICS, type Topic } from '../notify/index.ts';
import { AppError, isAppError, type FieldError } from '../../platform/errors/index.ts';
import { clientIp, pageContext, seeOther, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import type { Text } from '../../platform/i18n/index.ts';
import { textField } from '../../platform/validation/index.ts';
import { requireStaff } from '../staff/index.ts';
import { checkUpload } from './news.files.ts';
import { staffText as m } from './news.messages.ts';
import { canApproveNews, canConfigureNews, canWriteNews, newsDepartments } from './news.policy.ts';
import { parseContent } from './news.schema.ts';
import {
  SHAPING_ACTIONS, actorNames, addFile, approvalSettings, approveRevision, createArticle, fileContent, getArticle, listEvents, listFiles, listForStaff, removeFile, returnRevision, saveContent, setApprovalSettings, staffActor, submitRevision, withdrawArticle,
  type ReleaseOutcome,
} from './news.service.ts';
import { sendFile } from './news.routes.tsx';
import { EditArticlePage, NewArticlePage, SettingsPage, StaffNewsListPage, valuesOf, type EditValues } from './views/staff.tsx';

export const newsStaffRoutes = new Hono<AppEnv>();

const notices: Record<string, Text> = { created: m.created, saved: m.saved, submitted: m.submitted, published: m.publishedNow, scheduled: m.approved, returned: m.returned, withdrawn: m.withdrawn, fileAdded: m.fileAdded, fileRemoved: m.fileRemoved, settings: m.settingsSaved };
const noticeOf = (c: Ctx) => notices[c.req.query('notice') ?? ''];

const actorOf = (c: Ctx, staffId: string) => staffActor(staffId, clientIp(c));

type Body = Record<string, string | File | (string | File)[]>;
const str = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
const list = (b: Body, k: string) => (Array.isArray(b[k]) ? (b[k] as unknown[]) : b[k] === undefined ? [] : [b[k]]).filter((x): x is string => typeof x === 'string');

function formValues(b: Body): EditValues {
  return { titleJa: str(b, 'titleJa'), titleEn: str(b, 'titleEn'), bodyJa: str(b, 'bodyJa'), bodyEn: str(b, 'bodyEn'), summaryEasy: str(b, 'summaryEasy'), category: str(b, 'category'), areas: list(b, 'areas'), departmentId: str(b, 'departmentId'), publishAt: str(b, 'publishAt'), renotify: str(b, 'renotify') === '1' };
}

const contentInput = (v: EditValues) => ({ titleJa: v.titleJa, titleEn: v.titleEn, bodyJa: v.bodyJa, bodyEn: v.bodyEn, summaryEasy: v.summaryEasy, category: v.category, areas: v.areas, publishAt: v.publishAt, renotify: v.renotify });

/** Validation errors as field errors; anything else propagates. */
function validationFields(fn: () => void): FieldError[] {
  try {
    fn();
    return [];
  } catch (err) {
    if (isAppError(err) && err.code === 'validation_failed') return err.fields;
    throw err;
  }
}

async function writableDepartments(c: Ctx): Promise<{ id: string; name: Text }[]> {
  const staff = requireStaff(c);
  const ids = newsDepartments(staff);
  const rows = await tenantTx(c, (tx) => tx.query<{ id: string; name_ja: string; name_en: string }>('SELECT id, name_ja, name_en FROM departments WHERE tenant_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) ORDER BY code', [c.var.tenant.code, ids]));
  return rows.map((r) => ({ id: r.id, name: { ja: r.name_ja, en: r.name_en } }));
}

newsStaffRoutes.get('/staff/news', async (c) => {
  const staff = requireStaff(c);
  const me = staffActor(staff.id).id;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('page') ?? '', 10) || 1));
  const departmentIds = newsDepartments(staff);
  const { rows, pending } = await tenantTx(c, async (tx) => ({
    rows: await listForStaff(tx, c.var.tenant.code, { departmentIds, limit: STAFF_PAGE + 1, offset: (page - 1) * STAFF_PAGE }),
    pending: await listForStaff(tx, c.var.tenant.code, { departmentIds, state: 'pending', limit: 500, offset: 0 }),
  }));
  const awaiting = pending.filter((r) => canApproveNews(staff, r.departmentId) && r.author !== me && r.submittedBy !== me);
  return c.html(<StaffNewsListPage ctx={pageContext(c)} rows={rows.slice(0, STAFF_PAGE)} page={page} more={rows.length > STAFF_PAGE} awaiting={awaiting} canConfigure={canConfigureNews(staff)} notice={noticeOf(c)} />);
});

const STAFF_PAGE = 50;

const emptyValues = (departmentId: string): EditValues => ({ titleJa: '', titleEn: '', bodyJa: '', bodyEn: '', summaryEasy: '', category: 'kurashi', areas: [], departmentId, publishAt: '', renotify: false });

newsStaffRoutes.get('/staff/news/new', async (c) => {
  requireStaff(c);
  const departments = await writableDepartments(c);
  const areas = await tenantTx(c, (tx) => listAreas(tx, c.var.tenant.code));
  return c.html(<NewArticlePage ctx={pageContext(c)} values={emptyValues(departments[0]?.id ?? '')} errors={[]} areas={areas} departments={departments} />);
});

newsStaffRoutes.post('/staff/news', async (c) => {
  const staff = requireStaff(c);
  const values = formValues(await c.req.parseBody({ all: true }));
  const departments = await writableDepartments(c);
  const areas = await tenantTx(c, (tx) => listAreas(tx, c.var.tenant.code));
  let content: ReturnType<typeof parseContent> | null = null;
  const errors = validationFields(() => {
    content = parseContent(contentInput(values), areas.map((a) => a.code));
  });
  if (!departments.some((d) => d.id === values.departmentId) || !canWriteNews(staff, values.departmentId)) errors.unshift({ field: 'departmentId', message: { ja: '「担当課」は選択肢から選んでください。', en: 'Choose the department from the options.' } });
  if (errors.length || !content) return c.html(<NewArticlePage ctx={pageContext(c)} values={values} errors={errors} areas={areas} departments={departments} />, 400);
  const checked = content;
  const id = await tenantTx(c, (tx) => createArticle(tx, c.var.tenant.code, { departmentId: values.departmentId, content: checked }, actorOf(c, staff.id)));
  return seeOther(c, `/staff/news/${id}?notice=created`);
});

newsStaffRoutes.get('/staff/news/settings', async (c) => {
  const staff = requireStaff(c);
  if (!canConfigureNews(staff)) throw new AppError('forbidden');
  const settings = await tenantTx(c, (tx) => approvalSettings(tx, c.var.tenant.code, TOPICS));
  return c.html(<SettingsPage ctx={pageContext(c)} settings={settings} notice={noticeOf(c)} />);
});

newsStaffRoutes.post('/staff/news/settings', async (c) => {
  const staff = requireStaff(c);
  if (!canConfigureNews(staff)) throw new AppError('forbidden');
  const chosen = list(await c.req.parseBody({ all: true }), 'requiresApproval');
  const settings = Object.fromEntries(TOPICS.map((t) => [t, chosen.includes(t)])) as Record<Topic, boolean>;
  await tenantTx(c, (tx) => setApprovalSettings(tx, c.var.tenant.code, settings, actorOf(c, staff.id)));
  return seeOther(c, '/staff/news/settings?notice=settings');
});

/** Renders the article's staff page; `values`/`errors` re-show a form that failed validation. */
async function renderArticle(c: Ctx, id: string, opts: { values?: EditValues; errors?: FieldError[]; fileErrors?: FieldError[]; status?: 200 | 400 | 403 | 409 } = {}) {
  const staff = requireStaff(c);
  const page = await tenantTx(c, async (tx) => {
    const tenant = c.var.tenant.code;
    const article = await getArticle(tx, tenant, id);
    if (!article) throw new AppError('not_found');
    if (!canWriteNews(staff, article.departmentId)) throw new AppError('forbidden');
    const current = article.working ?? article.live!;
    const events = await listEvents(tx, tenant, id);
    return {
      article,
      current,
      events,
      files: await listFiles(tx, tenant, id, article.working?.revision ?? article.live!.revision),
      areas: await listAreas(tx, tenant),
      names: await actorNames(tx, tenant, events.map((e) => e.actor)),
      needsApproval: (await approvalSettings(tx, tenant, TOPICS))[current.category],
      progress: await broadcastProgress(tx, tenant, { kind: 'news', id }),
    };
  });
  const me = staffActor(staff.id).id;
  const w = page.article.working;
  return c.html(
    <EditArticlePage
      ctx={pageContext(c)}
      article={page.article}
      values={opts.values ?? valuesOf(page.current, page.article.departmentId)}
      errors={opts.errors ?? []}
      fileErrors={opts.fileErrors ?? []}
      areas={page.areas}
      files={page.files}
      events={page.events}
      names={page.names}
      needsApproval={page.needsApproval}
      canApprove={canApproveNews(staff, page.article.departmentId)}
      isAuthor={!!w && (w.author === me || w.submittedBy === me || page.events.some((e) => e.revision === w.revision && e.actor === me && (SHAPING_ACTIONS as readonly string[]).includes(e.action)))}
      progress={page.progress}
      notice={opts.errors?.length || opts.fileErrors?.length ? undefined : noticeOf(c)}
    />,
    opts.status ?? 200,
  );
}

/** Loads the article for a change and checks the rule; throws not_found / forbidden. */
async function authorizeArticle(c: Ctx, id: string, rule: typeof canWriteNews) {
  const staff = requireStaff(c);
  const article = await tenantTx(c, (tx) => getArticle(tx, c.var.tenant.code, id));
  if (!article) throw new AppError('not_found');
  if (!rule(staff, article.departmentId)) throw new AppError('forbidden');
  return { staff, article };
}

newsStaffRoutes.get('/staff/news/:newsId', (c) => renderArticle(c, c.req.param('newsId')));

newsStaffRoutes.post('/staff/news/:newsId', async (c) => {
  const id = c.req.param('newsId');
  const { staff } = await authorizeArticle(c, id, canWriteNews);
  const values = formValues(await c.req.parseBody({ all: true }));
  const areas = await tenantTx(c, (tx) => listAreas(tx, c.var.tenant.code));
  let content: ReturnType<typeof parseContent> | null = null;
  const errors = validationFields(() => {
    content = parseContent(contentInput(values), areas.map((a) => a.code));
  });
  if (errors.length || !content) return renderArticle(c, id, { values, errors, status: 400 });
  const checked = content;
  await tenantTx(c, (tx) => saveContent(tx, c.var.tenant.code, id, checked, actorOf(c, staff.id)));
  return seeOther(c, `/staff/news/${id}?notice=saved`);
});

const outcomeNotice = (o: ReleaseOutcome) => (o.state === 'pending' ? 'submitted' : o.state === 'scheduled' ? 'scheduled' : 'published');

/** Runs a state change; a refused one (self-approval, wrong state) re-renders the page with its message. */
async function change(c: Ctx, id: string, fn: () => Promise<string>) {
  try {
    const notice = await fn();
    c.var.deps.worker.nudge();
    return seeOther(c, `/staff/news/${id}?notice=${notice}`);
  } catch (err) {
    if (isAppError(err) && (err.code === 'conflict' || (err.code === 'forbidden' && err.options.message))) return renderArticle(c, id, { errors: [{ field: 'approval', message: err.text }], status: err.code === 'conflict' ? 409 : 403 });
    throw err;
  }
}

newsStaffRoutes.post('/staff/news/:newsId/submit', async (c) => {
  const id = c.req.param('newsId');
  const { staff } = await authorizeArticle(c, id, canWriteNews);
  return change(c, id, async () => outcomeNotice(await tenantTx(c, (tx) => submitRevision(tx, c.var.tenant.code, id, actorOf(c, staff.id), c.var.tenant.origin))));
});

newsStaffRoutes.post('/staff/news/:newsId/approve', async (c) => {
  const id = c.req.param('newsId');
  const { staff } = await authorizeArticle(c, id, canApproveNews);
  return change(c, id, async () => outcomeNotice(await tenantTx(c, (tx) => approveRevision(tx, c.var.tenant.code, id, actorOf(c, staff.id), c.var.tenant.origin))));
});

newsStaffRoutes.post('/staff/news/:newsId/return', async (c) => {
  const id = c.req.param('newsId');
  const { staff } = await authorizeArticle(c, id, canApproveNews);
  const raw = str(await c.req.parseBody(), 'comment');
  const parsed = textField({ max: 1000, multiline: true }).safeParse(raw);
  if (!parsed.success) return renderArticle(c, id, { errors: [{ field: 'comment', message: raw.trim() ? { ja: '「差し戻しの理由」は1000文字以内で、制御文字を含めずに入力してください。', en: 'The reason must be 1000 characters or fewer, without control characters.' } : m.commentRequired }], status: 400 });
  return change(c, id, async () => {
    await tenantTx(c, (tx) => returnRevision(tx, c.var.tenant.code, id, parsed.data, actorOf(c, staff.id)));
    return 'returned';
  });
});

newsStaffRoutes.post('/staff/news/:newsId/withdraw', async (c) => {
  const id = c.req.param('newsId');
  const { staff } = await authorizeArticle(c, id, canApproveNews);
  return change(c, id, async () => {
    await tenantTx(c, (tx) => withdrawArticle(tx, c.var.tenant.code, id, actorOf(c, staff.id)));
    return 'withdrawn';
  });
});

newsStaffRoutes.post('/staff/news/:newsId/files', async (c) => {
  const id = c.req.param('newsId');
  const { staff } = await authorizeArticle(c, id, canWriteNews);
  const body = await c.req.parseBody();
  const kind = str(body, 'kind') === 'attachment' ? 'attachment' : 'image';
  const file = body['file'];
  const upload = file instanceof File && file.size > 0 ? { name: file.name, content: Buffer.from(await file.arrayBuffer()) } : null;
  const checked = checkUpload(kind, upload, { ja: str(body, 'altJa'), en: str(body, 'altEn') });
  if (!checked.ok) {
    const fileErrors = checked.errors.map((e) => (kind === 'attachment' && e.field === 'file' ? { ...e, field: 'attachment' } : e));
    return renderArticle(c, id, { fileErrors, status: 400 });
  }
  await tenantTx(c, (tx) => addFile(tx, c.var.tenant.code, id, checked.file, actorOf(c, staff.id)));
  return seeOther(c, `/staff/news/${id}?notice=fileAdded`);
});

newsStaffRoutes.post('/staff/news/:newsId/files/:fileId/delete', async (c) => {
  const id = c.req.param('newsId');
  const { staff } = await authorizeArticle(c, id, canWriteNews);
  await tenantTx(c, (tx) => removeFile(tx, c.var.tenant.code, id, c.req.param('fileId'), actorOf(c, staff.id)));
  return seeOther(c, `/staff/news/${id}?notice=fileRemoved`);
});

newsStaffRoutes.get('/staff/news/:newsId/files/:fileId', async (c) => {
  const id = c.req.param('newsId');
  const { article } = await authorizeArticle(c, id, canWriteNews);
  const file = await tenantTx(c, (tx) => fileContent(tx, c.var.tenant.code, id, c.req.param('fileId'), article.working?.revision ?? article.live!.revision));
  if (!file) throw new AppError('not_found');
  return sendFile(c, file);
});
