/** Staff pages: the news list, writing and editing (with files, approval actions and history), and the approval settings. */
import { DeliveryProgress, PROGRESS_SCRIPT, topicLabel, TOPICS, type Area, type BroadcastProgress, type Topic } from '../../notify/index.ts';
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, SelectInput, StaffLayout, TextArea, TextInput, tx, uiMessages, type PageContext } from '../../../platform/ui/index.ts';
import { NewsBody } from '../news.body.tsx';
import { actionText, fieldText as f, publicText, staffText as m, stateText } from '../news.messages.ts';
import { japanTimeValue } from '../news.schema.ts';
import type { Article, NewsEvent, NewsFile, Revision, StaffListRow } from '../news.service.ts';
import { formatDateTime, formatSize } from './public.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

/** How an actor string reads in history: a staff name, the API, or the scheduler. */
export function actorLabel(actor: string, names: Map<string, string>, l: Locale): string {
  if (actor === 'system') return tx(m.system, l);
  if (actor === 'seed') return tx(m.seedActor, l);
  if (actor.startsWith('api:')) return tx(m.apiActor, l);
  return names.get(actor) ?? actor;
}

export function StaffNewsListPage(p: { ctx: PageContext; rows: StaffListRow[]; page: number; more: boolean; awaiting: StaffListRow[]; canConfigure: boolean; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  const Table = (q: { rows: StaffListRow[]; caption: Text }) => (
    <div class="table-scroll">
      <table>
        <caption class="sr-only">{tx(q.caption, l)}</caption>
        <thead>
          <tr>
            <th scope="col">{tx(m.colTitle, l)}</th>
            <th scope="col">{tx(m.colCategory, l)}</th>
            <th scope="col">{tx(m.colState, l)}</th>
            <th scope="col">{tx(m.colUpdated, l)}</th>
          </tr>
        </thead>
        <tbody>
          {q.rows.map((r) => (
            <tr>
              <td>
                <a href={`/staff/news/${r.id}`}>{r.titleJa}</a>
              </td>
              <td>{tx(topicLabel[r.category], l)}</td>
              <td>
                {tx(stateText[r.state], l)}
                {r.live && r.state !== 'published' ? ` ・ ${tx(stateText.published, l)}` : ''}
              </td>
              <td>{formatDateTime(r.updatedAt, l)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <StaffLayout ctx={p.ctx} title={tx(m.listTitle, l)}>
      <h1>{tx(m.listTitle, l)}</h1>
      <p>{tx(m.listLead, l)}</p>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <p class="actions">
        <a class="btn btn-primary" href="/staff/news/new">{tx(m.newArticle, l)}</a>
        {p.canConfigure ? <a href="/staff/news/settings">{tx(m.settingsLink, l)}</a> : null}
      </p>
      <section aria-labelledby="awaiting-title">
        <h2 id="awaiting-title">{tx(m.awaiting, l)}</h2>
        {p.awaiting.length ? <Table rows={p.awaiting} caption={m.awaiting} /> : <p>{tx(m.none, l)}</p>}
      </section>
      <section aria-labelledby="all-title">
        <h2 id="all-title">{tx(m.all, l)}</h2>
        {p.rows.length ? <Table rows={p.rows} caption={m.all} /> : <p>{tx(m.none, l)}</p>}
        {p.page > 1 || p.more ? (
          <nav class="pager" aria-label={tx(m.all, l)}>
            <ul>
              {p.page > 1 ? (
                <li>
                  <a href={p.page === 2 ? '/staff/news' : `/staff/news?page=${p.page - 1}`} rel="prev">{tx(publicText.prev, l)}</a>
                </li>
              ) : null}
              {p.more ? (
                <li>
                  <a href={`/staff/news?page=${p.page + 1}`} rel="next">{tx(publicText.next, l)}</a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </StaffLayout>
  );
}

export interface EditValues {
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  summaryEasy: string;
  category: string;
  areas: string[];
  departmentId: string;
  publishAt: string;
  renotify: boolean;
}

export function valuesOf(r: Revision, departmentId: string): EditValues {
  return { titleJa: r.titleJa, titleEn: r.titleEn, bodyJa: r.bodyJa, bodyEn: r.bodyEn, summaryEasy: r.summaryEasy, category: r.category, areas: r.areas, departmentId, publishAt: japanTimeValue(r.publishAt), renotify: r.renotify };
}

function ContentFields(p: { l: Locale; v: EditValues; errors: FieldError[]; areas: Area[]; departments: { id: string; name: Text }[] | null; published: boolean }) {
  const { l, v, errors } = p;
  const areasError = errors.find((e) => e.field === 'areas');
  return (
    <>
      {p.departments ? <SelectInput name="departmentId" label={f.departmentId} locale={l} value={v.departmentId} required errors={errors} options={p.departments.map((d) => ({ value: d.id, label: d.name }))} /> : null}
      <SelectInput name="category" label={f.category} locale={l} value={v.category} required errors={errors} options={TOPICS.map((c) => ({ value: c, label: topicLabel[c] }))} />
      <TextInput name="titleJa" label={f.titleJa} locale={l} value={v.titleJa} required errors={errors} />
      <TextInput name="titleEn" label={f.titleEn} hint={m.titleEnHint} locale={l} value={v.titleEn} errors={errors} />
      <TextArea name="bodyJa" label={f.bodyJa} hint={m.bodyHint} locale={l} value={v.bodyJa} required errors={errors} rows={12} />
      <TextArea name="bodyEn" label={f.bodyEn} locale={l} value={v.bodyEn} errors={errors} rows={8} lang="en" />
      <TextArea name="summaryEasy" label={f.summaryEasy} hint={m.easyHint} locale={l} value={v.summaryEasy} errors={errors} rows={4} />
      <fieldset class="field" aria-describedby={`f-areas-hint${areasError ? ' f-areas-error' : ''}`} id="f-areas">
        <legend>{tx(f.areas, l)}</legend>
        <span class="hint" id="f-areas-hint">{tx(m.areasHint, l)}</span>
        {areasError ? (
          <span class="error-text" id="f-areas-error">
            {tx(areasError.message, l)}
          </span>
        ) : null}
        {p.areas.map((a) => (
          <label class="checkbox">
            <input type="checkbox" name="areas" value={a.code} checked={v.areas.includes(a.code)} />
            {tx(a.name, l)}
          </label>
        ))}
      </fieldset>
      <TextInput name="publishAt" label={f.publishAt} hint={m.publishAtHint} locale={l} value={v.publishAt} errors={errors} class="input-short" />
      {p.published ? (
        <div class="field">
          <span class="hint" id="f-renotify-hint">{tx(m.renotifyHint, l)}</span>
          <label class="checkbox">
            <input type="checkbox" name="renotify" value="1" id="f-renotify" checked={v.renotify} aria-describedby="f-renotify-hint" />
            {tx(f.renotify, l)}
          </label>
        </div>
      ) : null}
    </>
  );
}

export function NewArticlePage(p: { ctx: PageContext; values: EditValues; errors: FieldError[]; areas: Area[]; departments: { id: string; name: Text }[] }) {
  const l = p.ctx.locale;
  return (
    <StaffLayout ctx={p.ctx} title={tx(m.createTitle, l)}>
      <p>
        <a href="/staff/news">{tx(m.listTitle, l)}</a>
      </p>
      <h1>{tx(m.createTitle, l)}</h1>
      <ErrorSummary errors={p.errors} locale={l} />
      <form method="post" action="/staff/news" novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <ContentFields l={l} v={p.values} errors={p.errors} areas={p.areas} departments={p.departments} published={false} />
        <button type="submit" class="btn btn-primary">{tx(m.save, l)}</button>
      </form>
    </StaffLayout>
  );
}

export interface EditPageProps {
  ctx: PageContext;
  article: Article;
  values: EditValues;
  errors: FieldError[];
  fileErrors: FieldError[];
  areas: Area[];
  files: NewsFile[];
  events: NewsEvent[];
  names: Map<string, string>;
  needsApproval: boolean;
  canApprove: boolean;
  isAuthor: boolean;
  progress: BroadcastProgress[];
  notice?: Text | undefined;
}

export function EditArticlePage(p: EditPageProps) {
  const l = p.ctx.locale;
  const a = p.article;
  const w = a.working;
  const csrf = p.ctx.csrfToken;
  const images = p.files.filter((x) => x.kind === 'image');
  const attachments = p.files.filter((x) => x.kind === 'attachment');
  const revisionNo = w?.revision ?? (a.live ? a.live.revision + 1 : 1);
  const state = w ? w.state : a.withdrawnAt ? 'withdrawn' : 'published';
  return (
    <StaffLayout ctx={p.ctx} title={tx(m.editTitle, l)} scripts={p.progress.length ? [PROGRESS_SCRIPT] : []}>
      <p>
        <a href="/staff/news">{tx(m.listTitle, l)}</a>
      </p>
      <h1>{tx(m.editTitle, l)}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <ErrorSummary errors={[...p.errors, ...p.fileErrors]} locale={l} />
      <dl class="dl">
        <dt>{tx(m.colState, l)}</dt>
        <dd>
          {tx(stateText[state], l)}
          {w?.state === 'scheduled' && w.publishAt ? ` ・ ${t(m.scheduledNotice, l, { at: formatDateTime(w.publishAt, l) })}` : ''}
        </dd>
        <dt>{tx(f.departmentId, l)}</dt>
        <dd>{tx(a.department, l)}</dd>
        {a.live && !a.withdrawnAt ? (
          <>
            <dt>{tx(m.live, l)}</dt>
            <dd>
              <a href={`/news/${a.id}`}>{tx(m.viewPublic, l)}</a>
            </dd>
          </>
        ) : null}
      </dl>
      {w?.state === 'returned' && w.returnComment ? <Notice kind="warning">{t(m.returnComment, l, { comment: w.returnComment })}</Notice> : null}

      <section aria-labelledby="approval-title" id="f-approval">
        <h2 id="approval-title">{tx(m.approvalSection, l)}</h2>
        <p>{tx(p.needsApproval ? m.submitNeedsApproval : m.submitNoApproval, l)}</p>
        <div class="actions">
          {w && (w.state === 'draft' || w.state === 'returned') ? (
            <form method="post" action={`/staff/news/${a.id}/submit`} class="inline-form">
              <CsrfField token={csrf} />
              <button type="submit" class="btn btn-primary">{tx(m.submit, l)}</button>
            </form>
          ) : null}
          {w?.state === 'pending' && p.canApprove && !p.isAuthor ? (
            <form method="post" action={`/staff/news/${a.id}/approve`} class="inline-form">
              <CsrfField token={csrf} />
              <button type="submit" class="btn btn-primary">{tx(m.approve, l)}</button>
            </form>
          ) : null}
          {a.live && !a.withdrawnAt && p.canApprove ? (
            <form method="post" action={`/staff/news/${a.id}/withdraw`} class="inline-form">
              <CsrfField token={csrf} />
              <button type="submit" class="btn btn-danger">{tx(m.withdraw, l)}</button>
            </form>
          ) : null}
        </div>
        {w?.state === 'pending' && p.canApprove && !p.isAuthor ? (
          <form method="post" action={`/staff/news/${a.id}/return`} novalidate>
            <CsrfField token={csrf} />
            <TextArea name="comment" label={f.comment} locale={l} value="" required errors={p.errors} rows={3} />
            <button type="submit" class="btn btn-secondary">{tx(m.returnIt, l)}</button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="content-title">
        <h2 id="content-title">{t(m.working, l, { n: revisionNo })}</h2>
        <form method="post" action={`/staff/news/${a.id}`} novalidate>
          <CsrfField token={csrf} />
          <ContentFields l={l} v={p.values} errors={p.errors} areas={p.areas} departments={null} published={a.liveRevision !== null} />
          <button type="submit" class="btn btn-primary">{tx(m.save, l)}</button>
        </form>
      </section>

      <section aria-labelledby="images-title">
        <h2 id="images-title">{tx(m.images, l)}</h2>
        <ul class="photo-list">
          {images.map((x) => (
            <li>
              <img class="place-photo" src={`/staff/news/${a.id}/files/${x.id}`} alt={x.altJa} width={x.width ?? undefined} height={x.height ?? undefined} />
              <p>{x.altJa}</p>
              <form method="post" action={`/staff/news/${a.id}/files/${x.id}/delete`} class="inline-form">
                <CsrfField token={csrf} />
                <button type="submit" class="btn btn-secondary" aria-label={`${tx(m.removeFile, l)}: ${x.altJa}`}>{tx(m.removeFile, l)}</button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`/staff/news/${a.id}/files`} enctype="multipart/form-data" novalidate>
          <CsrfField token={csrf} />
          <input type="hidden" name="kind" value="image" />
          <FileField field="file" label={f.file} hint={m.imageHint} accept="image/jpeg,image/png,image/webp" l={l} errors={p.fileErrors} />
          <TextInput name="altJa" label={f.altJa} hint={m.altHint} locale={l} required errors={p.fileErrors} />
          <TextInput name="altEn" label={f.altEn} locale={l} errors={p.fileErrors} />
          <button type="submit" class="btn btn-secondary">{tx(m.addImage, l)}</button>
        </form>
      </section>

      <section aria-labelledby="attachments-title">
        <h2 id="attachments-title">{tx(m.attachments, l)}</h2>
        <ul>
          {attachments.map((x) => (
            <li>
              <a href={`/staff/news/${a.id}/files/${x.id}`}>{x.filename}</a> （{formatSize(x.bytes)}）
              <form method="post" action={`/staff/news/${a.id}/files/${x.id}/delete`} class="inline-form">
                <CsrfField token={csrf} />
                <button type="submit" class="btn btn-secondary" aria-label={`${tx(m.removeFile, l)}: ${x.filename}`}>{tx(m.removeFile, l)}</button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`/staff/news/${a.id}/files`} enctype="multipart/form-data" novalidate>
          <CsrfField token={csrf} />
          <input type="hidden" name="kind" value="attachment" />
          <FileField field="attachment" label={f.file} hint={m.attachmentHint} accept="application/pdf" l={l} errors={p.fileErrors} />
          <button type="submit" class="btn btn-secondary">{tx(m.addAttachment, l)}</button>
        </form>
      </section>

      {w ? (
        <section aria-labelledby="preview-title" class="card">
          <h2 id="preview-title">{w.titleJa}</h2>
          <NewsBody body={w.bodyJa} />
        </section>
      ) : null}

      {p.progress.length ? <DeliveryProgress progress={p.progress} refreshHref={`/staff/news/${a.id}`} locale={l} /> : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{tx(m.history, l)}</h2>
        <ol>
          {p.events.map((e) => (
            <li>
              <time datetime={e.at.toISOString()}>{formatDateTime(e.at, l)}</time> {tx(actionText[e.action as keyof typeof actionText] ?? { ja: e.action, en: e.action }, l)}（{t(m.revisionShort, l, { n: e.revision })}）— {actorLabel(e.actor, p.names, l)}
              {e.note && e.action !== 'scheduled' ? `: ${e.note}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </StaffLayout>
  );
}

/** A file input named "file"; `field` is the name its errors carry (the image and the attachment form differ). */
function FileField(p: { field: string; label: Text; hint: Text; accept: string; l: Locale; errors: FieldError[] }) {
  const error = p.errors.find((e) => e.field === p.field);
  const id = `f-${p.field}`;
  return (
    <div class="field">
      <label for={id}>
        {tx(p.label, p.l)}
        <span class="required">{tx(uiMessages.required, p.l)}</span>
      </label>
      <span class="hint" id={`${id}-hint`}>{tx(p.hint, p.l)}</span>
      {error ? (
        <span class="error-text" id={`${id}-error`}>
          <span class="sr-only">{tx(uiMessages.errorPrefix, p.l)}</span>
          {tx(error.message, p.l)}
        </span>
      ) : null}
      <input class="input" type="file" id={id} name="file" accept={p.accept} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} aria-invalid={error ? 'true' : undefined} />
    </div>
  );
}

export function SettingsPage(p: { ctx: PageContext; settings: Record<Topic, boolean>; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  return (
    <StaffLayout ctx={p.ctx} title={tx(m.settingsTitle, l)}>
      <p>
        <a href="/staff/news">{tx(m.listTitle, l)}</a>
      </p>
      <h1>{tx(m.settingsTitle, l)}</h1>
      <p>{tx(m.settingsLead, l)}</p>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <form method="post" action="/staff/news/settings">
        <CsrfField token={p.ctx.csrfToken} />
        <fieldset class="field">
          <legend>{tx(m.requiresApproval, l)}</legend>
          {TOPICS.map((c) => (
            <label class="checkbox">
              <input type="checkbox" name="requiresApproval" value={c} checked={p.settings[c]} />
              {tx(topicLabel[c], l)}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="btn btn-primary">{tx(m.saveSettings, l)}</button>
      </form>
    </StaffLayout>
  );
}
