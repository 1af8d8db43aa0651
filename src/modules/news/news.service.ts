/**
 * News use cases: write (revisions), send for publication, approve or return, publish now or at
 * the scheduled time through a durable job, withdraw; and the public reads. Every state change
 * locks the article row, writes a news_events row and an audit entry in the caller's transaction.
 *
 * Actors are strings: 'staff:<uuid>', 'api:<token uuid>' or 'system' (the scheduled job).
 */
import { broadcast, fitBroadcastText, type Topic } from '../notify/index.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { recordAudit, type AuditEntry } from '../../platform/audit/index.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import type { NewsContent } from './news.schema.ts';
import { staffText } from './news.messages.ts';

export const NEWS_PUBLISH_QUEUE = 'news.publish';

export type RevisionState = 'draft' | 'pending' | 'returned' | 'scheduled' | 'published';

export interface Revision extends NewsContent {
  revision: number;
  state: RevisionState;
  author: string;
  submittedBy: string | null;
  submittedAt: Date | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  publishedAt: Date | null;
  returnComment: string;
  updatedAt: Date;
}

export interface Article {
  id: string;
  departmentId: string;
  department: { ja: string; en: string };
  liveRevision: number | null;
  firstPublishedAt: Date | null;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  createdBy: string;
  /** The revision being worked on, if any. */
  working: Revision | null;
  /** The revision the public sees (null if never published). */
  live: Revision | null;
}

export interface NewsFile {
  id: string;
  kind: 'image' | 'attachment';
  contentType: string;
  filename: string;
  bytes: number;
  width: number | null;
  height: number | null;
  altJa: string;
  altEn: string;
  addedIn: number;
}

export interface NewsEvent {
  revision: number;
  at: Date;
  action: string;
  actor: string;
  note: string;
}

/** Who acts, and how the audit entry names them. */
export interface Actor {
  id: string;
  audit: Pick<AuditEntry, 'actorKind' | 'actorId' | 'ip'>;
}

export const staffActor = (staffId: string, ip: string | null = null): Actor => ({ id: `staff:${staffId}`, audit: { actorKind: 'staff', actorId: staffId, ip } });
export const apiActor = (tokenId: string, ip: string | null = null): Actor => ({ id: `api:${tokenId}`, audit: { actorKind: 'api', actorId: tokenId, ip } });
export const systemActor: Actor = { id: 'system', audit: { actorKind: 'system', actorId: null, ip: null } };

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

interface RevisionRow {
  revision: number;
  state: RevisionState;
  category: Topic;
  areas: string[];
  title_ja: string;
  title_en: string;
  body_ja: string;
  body_en: string;
  summary_easy: string;
  publish_at: Date | null;
  renotify: boolean;
  author: string;
  submitted_by: string | null;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  published_at: Date | null;
  return_comment: string;
  updated_at: Date;
}

const REVISION_COLUMNS = 'revision, state, category, areas, title_ja, title_en, body_ja, body_en, summary_easy, publish_at, renotify, author, submitted_by, submitted_at, approved_by, approved_at, published_at, return_comment, updated_at';

const toRevision = (r: RevisionRow): Revision => ({
  revision: r.revision,
  state: r.state,
  category: r.category,
  areas: r.areas,
  titleJa: r.title_ja,
  titleEn: r.title_en,
  bodyJa: r.body_ja,
  bodyEn: r.body_en,
  summaryEasy: r.summary_easy,
  publishAt: r.publish_at,
  renotify: r.renotify,
  author: r.author,
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  publishedAt: r.published_at,
  returnComment: r.return_comment,
  updatedAt: r.updated_at,
});

// --- Approval settings --------------------------------------------------------------------------

/** Whether each category needs approval; a category never configured needs it. */
export async function approvalSettings(tx: Queryable, tenant: string, categories: readonly Topic[]): Promise<Record<Topic, boolean>> {
  const rows = await tx.query<{ category: string; requires_approval: boolean }>('SELECT category, requires_approval FROM news_category_settings WHERE tenant_id = $1', [tenant]);
  return Object.fromEntries(categories.map((c) => [c, rows.find((r) => r.category === c)?.requires_approval ?? true])) as Record<Topic, boolean>;
}

export async function setApprovalSettings(tx: Queryable, tenant: string, settings: Partial<Record<Topic, boolean>>, actor: Actor): Promise<void> {
  for (const [category, requires] of Object.entries(settings)) {
    await tx.query(
      `INSERT INTO news_category_settings (tenant_id, category, requires_approval, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, category) DO UPDATE SET requires_approval = EXCLUDED.requires_approval, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [tenant, category, requires, actor.id],
    );
  }
  await recordAudit(tx, tenant, { ...actor.audit, action: 'news.settings.update', recordType: 'news_settings', details: { settings } });
}

// --- Reading ------------------------------------------------------------------------------------

/** An article with its working and live revisions, or null (also for another municipality's id). */
export async function getArticle(tx: Queryable, tenant: string, id: string, opts: { lock?: boolean } = {}): Promise<Article | null> {
  if (!isUuid(id)) return null;
  const [a] = await tx.query<{ id: string; department_id: string; name_ja: string; name_en: string; live_revision: number | null; first_published_at: Date | null; published_at: Date | null; withdrawn_at: Date | null; created_by: string }>(
    `SELECT a.id, a.department_id, d.name_ja, d.name_en, a.live_revision, a.first_published_at, a.published_at, a.withdrawn_at, a.created_by
     FROM news_articles a JOIN departments d ON d.tenant_id = a.tenant_id AND d.id = a.department_id
     WHERE a.tenant_id = $1 AND a.id = $2 ${opts.lock ? 'FOR UPDATE OF a' : ''}`,
    [tenant, id],
  );
  if (!a) return null;
  const revs = await tx.query<RevisionRow>(
    `SELECT ${REVISION_COLUMNS} FROM news_revisions WHERE tenant_id = $1 AND article_id = $2 AND (state <> 'published' OR revision = $3)`,
    [tenant, id, a.live_revision ?? 0],
  );
  const working = revs.find((r) => r.state !== 'published');
  const live = revs.find((r) => r.revision === a.live_revision);
  return {
    id: a.id,
    departmentId: a.department_id,
    department: { ja: a.name_ja, en: a.name_en },
    liveRevision: a.live_revision,
    firstPublishedAt: a.first_published_at,
    publishedAt: a.published_at,
    withdrawnAt: a.withdrawn_at,
    createdBy: a.created_by,
    working: working ? toRevision(working) : null,
    live: live ? toRevision(live) : null,
  };
}

/** True when the public may see the article. */
export const isPublic = (a: Article): a is Article & { live: Revision } => a.live !== null && a.withdrawnAt === null;

export async function listEvents(tx: Queryable, tenant: string, articleId: string): Promise<NewsEvent[]> {
  const rows = await tx.query<{ revision: number; at: Date; action: string; actor: string; note: string }>(
    'SELECT revision, at, action, actor, note FROM news_events WHERE tenant_id = $1 AND article_id = $2 ORDER BY at, id',
    [tenant, articleId],
  );
  return rows;
}

/** Display names of staff actors ('staff:<uuid>'), for history and bylines. */
export async function actorNames(tx: Queryable, tenant: string, actors: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(actors.filter((a) => a.startsWith('staff:')).map((a) => a.slice(6)).filter(isUuid))];
  const rows = ids.length ? await tx.query<{ id: string; display_name: string }>('SELECT id, display_name FROM staff_users WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [tenant, ids]) : [];
  return new Map(rows.map((r) => [`staff:${r.id}`, r.display_name]));
}

/** Files of a revision (what that revision shows). */
export async function listFiles(tx: Queryable, tenant: string, articleId: string, revision: number): Promise<NewsFile[]> {
  const rows = await tx.query<{ id: string; kind: 'image' | 'attachment'; content_type: string; filename: string; bytes: number; width: number | null; height: number | null; alt_ja: string; alt_en: string; added_in: number }>(
    `SELECT id, kind, content_type, filename, bytes, width, height, alt_ja, alt_en, added_in FROM news_files
     WHERE tenant_id = $1 AND article_id = $2 AND added_in <= $3 AND (removed_in IS NULL OR removed_in > $3) ORDER BY created_at, id`,
    [tenant, articleId, revision],
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, contentType: r.content_type, filename: r.filename, bytes: r.bytes, width: r.width, height: r.height, altJa: r.alt_ja, altEn: r.alt_en, addedIn: r.added_in }));
}

/** A file's content if it belongs to `revision` of the article. */
export async function fileContent(tx: Queryable, tenant: string, articleId: string, fileId: string, revision: number): Promise<{ content: Buffer; contentType: string; filename: string; kind: string } | null> {
  if (!isUuid(fileId)) return null;
  const [row] = await tx.query<{ content: Uint8Array; content_type: string; filename: string; kind: string }>(
    `SELECT content, content_type, filename, kind FROM news_files
     WHERE tenant_id = $1 AND article_id = $2 AND id = $3 AND added_in <= $4 AND (removed_in IS NULL OR removed_in > $4)`,
    [tenant, articleId, fileId, revision],
  );
  return row ? { content: Buffer.from(row.content), contentType: row.content_type, filename: row.filename, kind: row.kind } : null;
}

// --- Writing ------------------------------------------------------------------------------------

async function event(tx: Queryable, tenant: string, articleId: string, revision: number, action: string, actor: Actor, note = '', details: Record<string, unknown> = {}): Promise<void> {
  await tx.query('INSERT INTO news_events (tenant_id, article_id, revision, action, actor, note) VALUES ($1, $2, $3, $4, $5, $6)', [tenant, articleId, revision, action, actor.id, note]);
  await recordAudit(tx, tenant, { ...actor.audit, action: `news.${action}`, recordType: 'news', recordId: articleId, details: { revision, ...details } });
}

const contentParams = (c: NewsContent) => [c.category, c.areas, c.titleJa, c.titleEn, c.bodyJa, c.bodyEn, c.summaryEasy, c.publishAt, c.renotify];

/** Creates an article with its first revision as a draft; returns its id. */
export async function createArticle(tx: Queryable, tenant: string, input: { departmentId: string; content: NewsContent }, actor: Actor): Promise<string> {
  const [a] = await tx.query<{ id: string }>('INSERT INTO news_articles (tenant_id, department_id, created_by) VALUES ($1, $2, $3) RETURNING id', [tenant, input.departmentId, actor.id]);
  await tx.query(
    `INSERT INTO news_revisions (tenant_id, article_id, revision, state, category, areas, title_ja, title_en, body_ja, body_en, summary_easy, publish_at, renotify, author)
     VALUES ($1, $2, 1, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [tenant, a!.id, ...contentParams(input.content), actor.id],
  );
  await event(tx, tenant, a!.id, 1, 'created', actor);
  return a!.id;
}

/**
 * The revision being worked on, creating the next one (a copy of the live revision, drafted by
 * `actor`) when the article is published and nothing is in progress. Needs the article locked.
 */
async function ensureWorking(tx: Queryable, tenant: string, article: Article, actor: Actor): Promise<Revision> {
  if (article.working) return article.working;
  const live = article.live!;
  const next = live.revision + 1;
  await tx.query(
    `INSERT INTO news_revisions (tenant_id, article_id, revision, state, category, areas, title_ja, title_en, body_ja, body_en, summary_easy, publish_at, renotify, author)
     VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, NULL, false, $11)`,
    [tenant, article.id, next, live.category, live.areas, live.titleJa, live.titleEn, live.bodyJa, live.bodyEn, live.summaryEasy, actor.id],
  );
  return { ...live, revision: next, state: 'draft', publishAt: null, renotify: false, author: actor.id, submittedBy: null, submittedAt: null, approvedBy: null, approvedAt: null, publishedAt: null, returnComment: '' };
}

async function lockArticle(tx: Queryable, tenant: string, id: string): Promise<Article> {
  const a = await getArticle(tx, tenant, id, { lock: true });
  if (!a) throw new AppError('not_found');
  return a;
}

/**
 * Saves content to the working revision (creating it for a published article). A revision that
 * was waiting for approval or scheduled goes back to draft: an approval covers what was approved.
 */
export async function saveContent(tx: Queryable, tenant: string, articleId: string, content: NewsContent, actor: Actor): Promise<number> {
  const article = await lockArticle(tx, tenant, articleId);
  const working = await ensureWorking(tx, tenant, article, actor);
  await tx.query(
    `UPDATE news_revisions SET state = 'draft', category = $4, areas = $5, title_ja = $6, title_en = $7, body_ja = $8, body_en = $9, summary_easy = $10, publish_at = $11, renotify = $12,
            submitted_by = NULL, submitted_at = NULL, approved_by = NULL, approved_at = NULL, updated_at = now()
     WHERE tenant_id = $1 AND article_id = $2 AND revision = $3`,
    [tenant, articleId, working.revision, ...contentParams(content)],
  );
  await event(tx, tenant, articleId, working.revision, 'edited', actor, '', { previousState: working.state });
  return working.revision;
}

/** Adds a cleaned image or checked PDF to the working revision. Returns the file id. */
export async function addFile(tx: Queryable, tenant: string, articleId: string, file: { kind: 'image' | 'attachment'; content: Buffer; contentType: string; filename: string; width?: number; height?: number; altJa?: string; altEn?: string }, actor: Actor): Promise<string> {
  const article = await lockArticle(tx, tenant, articleId);
  const working = await ensureWorking(tx, tenant, article, actor);
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO news_files (tenant_id, article_id, kind, content, content_type, filename, bytes, width, height, alt_ja, alt_en, added_in)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [tenant, articleId, file.kind, file.content, file.contentType, file.filename, file.content.length, file.width ?? null, file.height ?? null, file.altJa ?? '', file.altEn ?? '', working.revision],
  );
  await resetApproval(tx, tenant, articleId, working);
  await event(tx, tenant, articleId, working.revision, 'file_added', actor, file.filename, { fileId: row!.id, kind: file.kind, bytes: file.content.length });
  return row!.id;
}

/** Removes a file from the working revision (earlier, published revisions keep it). */
export async function removeFile(tx: Queryable, tenant: string, articleId: string, fileId: string, actor: Actor): Promise<void> {
  const article = await lockArticle(tx, tenant, articleId);
  const working = await ensureWorking(tx, tenant, article, actor);
  const files = await listFiles(tx, tenant, articleId, working.revision);
  const file = files.find((f) => f.id === fileId);
  if (!file) throw new AppError('not_found');
  if (file.addedIn === working.revision) await tx.query('DELETE FROM news_files WHERE tenant_id = $1 AND id = $2', [tenant, fileId]);
  else await tx.query('UPDATE news_files SET removed_in = $3 WHERE tenant_id = $1 AND id = $2', [tenant, fileId, working.revision]);
  await resetApproval(tx, tenant, articleId, working);
  await event(tx, tenant, articleId, working.revision, 'file_removed', actor, file.filename, { fileId });
}

async function resetApproval(tx: Queryable, tenant: string, articleId: string, working: Revision): Promise<void> {
  if (working.state === 'draft' || working.state === 'returned') return;
  await tx.query(
    `UPDATE news_revisions SET state = 'draft', submitted_by = NULL, submitted_at = NULL, approved_by = NULL, approved_at = NULL, updated_at = now()
     WHERE tenant_id = $1 AND article_id = $2 AND revision = $3`,
    [tenant, articleId, working.revision],
  );
}

export type ReleaseOutcome = { state: 'pending' } | { state: 'scheduled'; at: Date } | { state: 'published' };

/**
 * Sends the working revision for publication. If its category needs approval it waits for
 * another person; otherwise it is released at once (published now, or scheduled).
 */
export async function submitRevision(tx: Queryable, tenant: string, articleId: string, actor: Actor, origin: string): Promise<ReleaseOutcome> {
  const article = await lockArticle(tx, tenant, articleId);
  const w = article.working;
  if (!w || (w.state !== 'draft' && w.state !== 'returned')) throw new AppError('conflict', { message: staffText.notSubmittable });
  const [setting] = await tx.query<{ requires_approval: boolean }>('SELECT requires_approval FROM news_category_settings WHERE tenant_id = $1 AND category = $2', [tenant, w.category]);
  const needsApproval = setting?.requires_approval ?? true;
  await tx.query(
    `UPDATE news_revisions SET state = 'pending', submitted_by = $4, submitted_at = now(), return_comment = '', updated_at = now() WHERE tenant_id = $1 AND article_id = $2 AND revision = $3`,
    [tenant, articleId, w.revision, actor.id],
  );
  await event(tx, tenant, articleId, w.revision, 'submitted', actor, '', { needsApproval });
  if (needsApproval) return { state: 'pending' };
  return release(tx, tenant, article, w, actor, origin);
}

/**
 * Approves the revision waiting for approval. The approver must be someone who did not write,
 * edit or send it (author and sender are also checked by a CHECK constraint).
 */
export async function approveRevision(tx: Queryable, tenant: string, articleId: string, actor: Actor, origin: string): Promise<ReleaseOutcome> {
  const article = await lockArticle(tx, tenant, articleId);
  const w = article.working;
  if (!w || w.state !== 'pending') throw new AppError('conflict', { message: staffText.notPending });
  if (await hasShaped(tx, tenant, articleId, w, actor)) throw new AppError('forbidden', { message: staffText.selfApproval });
  await tx.query(`UPDATE news_revisions SET approved_by = $4, approved_at = now(), updated_at = now() WHERE tenant_id = $1 AND article_id = $2 AND revision = $3`, [tenant, articleId, w.revision, actor.id]);
  await event(tx, tenant, articleId, w.revision, 'approved', actor);
  return release(tx, tenant, article, w, actor, origin);
}

/** Actions that shape a revision's content: whoever did one of them may not approve it. */
export const SHAPING_ACTIONS = ['created', 'edited', 'submitted', 'file_added', 'file_removed'] as const;

/** True when `actor` wrote, edited, changed files of or sent this revision. */
async function hasShaped(tx: Queryable, tenant: string, articleId: string, w: Revision, actor: Actor): Promise<boolean> {
  if (w.author === actor.id || w.submittedBy === actor.id) return true;
  const [row] = await tx.query('SELECT 1 FROM news_events WHERE tenant_id = $1 AND article_id = $2 AND revision = $3 AND actor = $4 AND action = ANY($5) LIMIT 1', [tenant, articleId, w.revision, actor.id, SHAPING_ACTIONS]);
  return !!row;
}

/** Returns the pending revision to its author with a comment. */
export async function returnRevision(tx: Queryable, tenant: string, articleId: string, comment: string, actor: Actor): Promise<void> {
  const article = await lockArticle(tx, tenant, articleId);
  const w = article.working;
  if (!w || w.state !== 'pending') throw new AppError('conflict', { message: staffText.notPending });
  if (w.author === actor.id || w.submittedBy === actor.id) throw new AppError('forbidden', { message: staffText.selfApproval });
  await tx.query(`UPDATE news_revisions SET state = 'returned', return_comment = $4, submitted_by = NULL, submitted_at = NULL, updated_at = now() WHERE tenant_id = $1 AND article_id = $2 AND revision = $3`, [tenant, articleId, w.revision, comment]);
  await event(tx, tenant, articleId, w.revision, 'returned', actor, comment);
}

/** Publishes now, or schedules the durable publication job for the revision's time. */
async function release(tx: Queryable, tenant: string, article: Article, w: Revision, actor: Actor, origin: string): Promise<ReleaseOutcome> {
  const [{ due }] = (await tx.query<{ due: boolean }>('SELECT ($1::timestamptz IS NULL OR $1::timestamptz <= now()) AS due', [w.publishAt])) as [{ due: boolean }];
  if (due) {
    await publishRevision(tx, tenant, article.id, w.revision, actor, origin);
    return { state: 'published' };
  }
  await tx.query(`UPDATE news_revisions SET state = 'scheduled', updated_at = now() WHERE tenant_id = $1 AND article_id = $2 AND revision = $3`, [tenant, article.id, w.revision]);
  const at = w.publishAt!;
  // The key names the time: a revision rescheduled after an edit gets its own job, and the
  // handler ignores a job whose time no longer matches the revision.
  await enqueue(tx, tenant, NEWS_PUBLISH_QUEUE, { articleId: article.id, revision: w.revision, publishAt: at.toISOString(), origin }, { runAt: at, dedupeKey: `${article.id}:${w.revision}:${at.toISOString()}`, maxAttempts: 50 });
  await event(tx, tenant, article.id, w.revision, 'scheduled', actor, at.toISOString());
  return { state: 'scheduled', at };
}

/**
 * Makes the revision the live one and tells subscribers through notify (the first publication of
 * an article always; a later revision only when staff asked for it). Callers hold the article lock
 * and have checked the revision is released.
 */
async function publishRevision(tx: Queryable, tenant: string, articleId: string, revision: number, actor: Actor, origin: string): Promise<void> {
  const [r] = await tx.query<RevisionRow>(
    `UPDATE news_revisions SET state = 'published', published_at = now(), updated_at = now() WHERE tenant_id = $1 AND article_id = $2 AND revision = $3 AND state <> 'published' RETURNING ${REVISION_COLUMNS}`,
    [tenant, articleId, revision],
  );
  if (!r) throw new AppError('conflict');
  const [a] = await tx.query<{ previous: number | null }>(
    `UPDATE news_articles n SET live_revision = $3, published_at = now(), first_published_at = coalesce(n.first_published_at, now()), withdrawn_at = NULL, updated_at = now()
     FROM (SELECT live_revision AS previous FROM news_articles WHERE tenant_id = $1 AND id = $2) old
     WHERE n.tenant_id = $1 AND n.id = $2 RETURNING old.previous`,
    [tenant, articleId, revision],
  );
  await event(tx, tenant, articleId, revision, 'published', actor);
  const first = a!.previous === null;
  if (!first && !r.renotify) return;
  const rev = toRevision(r);
  // A body may be longer than a message carries (BODY_MAX 20,000 here, 4,000 in notify): subscribers
  // get an excerpt that says the full text is at the page's link.
  const text = fitBroadcastText({
    title: { ja: rev.titleJa, ...(rev.summaryEasy ? { easy: rev.titleJa } : {}), en: rev.titleEn || rev.titleJa },
    body: { ja: rev.bodyJa, ...(rev.summaryEasy ? { easy: rev.summaryEasy } : {}), en: rev.bodyEn || rev.bodyJa },
  });
  const result = await broadcast(tx, {
    tenant,
    source: { kind: 'news', id: articleId, revision },
    topic: rev.category,
    areas: rev.areas.length ? rev.areas : null,
    urgent: false,
    status: 'actual',
    title: text.title,
    body: text.body,
    url: `${origin}/news/${articleId}`,
  });
  await event(tx, tenant, articleId, revision, 'notified', actor, '', { broadcastId: result.broadcastId, created: result.created });
}

/** Hides a published article (取り下げ) until a new revision is published. */
export async function withdrawArticle(tx: Queryable, tenant: string, articleId: string, actor: Actor): Promise<void> {
  const article = await lockArticle(tx, tenant, articleId);
  if (!isPublic(article)) throw new AppError('conflict', { message: staffText.notPublished });
  await tx.query('UPDATE news_articles SET withdrawn_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2', [tenant, articleId]);
  await event(tx, tenant, articleId, article.live.revision, 'withdrawn', actor);
}

/**
 * The scheduled publication (job handler body). Publishes only a revision that is still scheduled
 * for exactly this time and whose time has come; anything else (edited, rescheduled, already
 * published) is left alone, so a repeated or stale job never publishes twice or early.
 */
export async function publishDue(tx: Queryable, tenant: string, job: { articleId: string; revision: number; publishAt: string; origin: string }): Promise<'published' | 'stale' | 'early'> {
  const article = await getArticle(tx, tenant, job.articleId, { lock: true });
  const w = article?.working;
  if (!article || !w || w.revision !== job.revision || w.state !== 'scheduled' || w.publishAt?.toISOString() !== job.publishAt) return 'stale';
  const [{ due }] = (await tx.query<{ due: boolean }>('SELECT $1::timestamptz <= now() AS due', [w.publishAt])) as [{ due: boolean }];
  if (!due) return 'early';
  await publishRevision(tx, tenant, article.id, w.revision, systemActor, job.origin);
  return 'published';
}

// --- Lists --------------------------------------------------------------------------------------

export interface PublicListQuery {
  category?: Topic | undefined;
  area?: string | undefined;
  /** [from, to) in UTC. */
  month?: { from: Date; to: Date } | undefined;
  limit: number;
  offset: number;
}

export interface PublicListRow {
  id: string;
  revision: number;
  category: Topic;
  areas: string[];
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  summaryEasy: string;
  department: { ja: string; en: string };
  firstPublishedAt: Date;
  publishedAt: Date;
}

/** Published, not withdrawn articles, newest first. An area filter also matches whole-city news. */
export async function listPublished(tx: Queryable, tenant: string, q: PublicListQuery): Promise<{ rows: PublicListRow[]; total: number }> {
  const where = ['a.tenant_id = $1', 'a.live_revision IS NOT NULL', 'a.withdrawn_at IS NULL'];
  const params: unknown[] = [tenant];
  if (q.category) where.push(`r.category = $${params.push(q.category)}`);
  if (q.area) where.push(`(r.areas = '{}' OR $${params.push(q.area)} = ANY(r.areas))`);
  if (q.month) where.push(`a.first_published_at >= $${params.push(q.month.from)} AND a.first_published_at < $${params.push(q.month.to)}`);
  const from = `FROM news_articles a JOIN news_revisions r ON r.tenant_id = a.tenant_id AND r.article_id = a.id AND r.revision = a.live_revision
                JOIN departments d ON d.tenant_id = a.tenant_id AND d.id = a.department_id WHERE ${where.join(' AND ')}`;
  const [{ n }] = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params)) as [{ n: number }];
  const rows = await tx.query<{ id: string; revision: number; category: Topic; areas: string[]; title_ja: string; title_en: string; body_ja: string; body_en: string; summary_easy: string; name_ja: string; name_en: string; first_published_at: Date; published_at: Date }>(
    `SELECT a.id, r.revision, r.category, r.areas, r.title_ja, r.title_en, r.body_ja, r.body_en, r.summary_easy, d.name_ja, d.name_en, a.first_published_at, a.published_at
     ${from} ORDER BY a.first_published_at DESC, a.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  return {
    total: Number(n),
    rows: rows.map((r) => ({ id: r.id, revision: r.revision, category: r.category, areas: r.areas, titleJa: r.title_ja, titleEn: r.title_en, bodyJa: r.body_ja, bodyEn: r.body_en, summaryEasy: r.summary_easy, department: { ja: r.name_ja, en: r.name_en }, firstPublishedAt: r.first_published_at, publishedAt: r.published_at })),
  };
}

/** The latest change that affects the public list or feeds (publication or withdrawal). */
export async function lastPublicChange(tx: Queryable, tenant: string): Promise<Date | null> {
  const [row] = await tx.query<{ at: Date | null }>('SELECT max(greatest(published_at, withdrawn_at)) AS at FROM news_articles WHERE tenant_id = $1', [tenant]);
  return row?.at ?? null;
}

export interface StaffListRow {
  id: string;
  titleJa: string;
  category: Topic;
  departmentId: string;
  state: RevisionState | 'withdrawn';
  live: boolean;
  author: string;
  submittedBy: string | null;
  updatedAt: Date;
}

/** Every article of the given departments (null: all), newest change first, with its latest revision. */
export async function listForStaff(tx: Queryable, tenant: string, q: { departmentIds: string[] | null; state?: RevisionState; limit: number; offset: number }): Promise<StaffListRow[]> {
  const rows = await tx.query<{ id: string; title_ja: string; category: Topic; department_id: string; state: RevisionState; withdrawn_at: Date | null; live_revision: number | null; author: string; submitted_by: string | null; updated_at: Date }>(
    `SELECT a.id, r.title_ja, r.category, a.department_id, r.state, a.withdrawn_at, a.live_revision, r.author, r.submitted_by, greatest(a.updated_at, r.updated_at) AS updated_at
     FROM news_articles a
     JOIN LATERAL (SELECT * FROM news_revisions x WHERE x.tenant_id = a.tenant_id AND x.article_id = a.id ORDER BY x.revision DESC LIMIT 1) r ON true
     WHERE a.tenant_id = $1 AND ($2::uuid[] IS NULL OR a.department_id = ANY($2::uuid[])) AND ($5::text IS NULL OR r.state = $5)
     ORDER BY updated_at DESC, a.id LIMIT $3 OFFSET $4`,
    [tenant, q.departmentIds, q.limit, q.offset, q.state ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    titleJa: r.title_ja,
    category: r.category,
    departmentId: r.department_id,
    state: r.state === 'published' && r.withdrawn_at ? 'withdrawn' : r.state,
    live: r.live_revision !== null && !r.withdrawn_at,
    author: r.author,
    submittedBy: r.submitted_by,
    updatedAt: r.updated_at,
  }));
}
