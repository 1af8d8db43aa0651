/** The staff export page: choose procedure, scope and encoding; past batches to download again; one batch's result. */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, SelectInput, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { applicationText as a11y } from '../procedures.messages.ts';
import { formatDateTime } from '../views/applications.tsx';
import type { ExportBatch } from './export.service.ts';
import { exportText as m } from './export.messages.ts';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export interface ExportFormValues {
  procedure: string;
  scope: string;
  from: string;
  to: string;
  encoding: string;
}

function scopeText(b: ExportBatch, l: Locale): string {
  return b.scope === 'new' ? tx(m.scopeNewShort, l) : t(m.scopePeriodShort, l, { from: b.periodFrom ?? '', to: b.periodTo ?? '' });
}

export function ExportPage(p: { ctx: PageContext; procedures: { id: string; name: Text }[]; batches: ExportBatch[]; values: ExportFormValues; errors: FieldError[]; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  const v = p.values;
  return (
    <StaffLayout ctx={p.ctx} title={`${p.errors.length ? tx(a11y.errorTitlePrefix, l) : ''}${tx(m.title, l)}`}>
      <p>
        <a href="/staff/cases">{tx(m.backToInbox, l)}</a>
      </p>
      <h1>{tx(m.title, l)}</h1>
      <p>{tx(m.lead, l)}</p>
      {p.notice ? <Notice kind="info">{tx(p.notice, l)}</Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      {p.procedures.length ? (
        <form method="post" action="/staff/cases/export">
          <CsrfField token={p.ctx.csrfToken} />
          <SelectInput name="procedure" label={m.procedure} locale={l} required value={v.procedure} errors={p.errors} options={p.procedures.map((x) => ({ value: x.id, label: x.name }))} />
          <SelectInput name="scope" label={m.scope} locale={l} required value={v.scope} errors={p.errors} options={[{ value: 'new', label: m.scopeNew }, { value: 'period', label: m.scopePeriod }]} />
          <TextInput name="from" label={m.from} hint={m.periodHint} locale={l} value={v.from} errors={p.errors} type="date" class="input-short" />
          <TextInput name="to" label={m.to} hint={m.periodHint} locale={l} value={v.to} errors={p.errors} type="date" class="input-short" />
          <SelectInput name="encoding" label={m.encoding} locale={l} required value={v.encoding} errors={p.errors} options={[{ value: 'utf-8', label: m.utf8 }, { value: 'shift_jis', label: m.sjis }]} />
          <button type="submit" class="btn btn-primary">
            {tx(m.submit, l)}
          </button>
        </form>
      ) : (
        <Notice kind="warning">{tx(m.noProcedures, l)}</Notice>
      )}
      <section aria-labelledby="batches">
        <h2 id="batches">{tx(m.batches, l)}</h2>
        {p.batches.length ? (
          <div class="table-scroll">
            <table>
              <caption class="sr-only">{tx(m.batches, l)}</caption>
              <thead>
                <tr>
                  <th scope="col">{tx(m.colAt, l)}</th>
                  <th scope="col">{tx(m.colProcedure, l)}</th>
                  <th scope="col">{tx(m.colScope, l)}</th>
                  <th scope="col">{tx(m.colEncoding, l)}</th>
                  <th scope="col">{tx(m.colCount, l)}</th>
                  <th scope="col">{tx(m.colBy, l)}</th>
                  <th scope="col">{tx(m.colFile, l)}</th>
                </tr>
              </thead>
              <tbody>
                {p.batches.map((b) => (
                  <tr>
                    <td>
                      <a href={`/staff/cases/export/batches/${b.id}`}>{formatDateTime(b.createdAt, l)}</a>
                    </td>
                    <td>{tx(b.procedureName, l)}</td>
                    <td>{scopeText(b, l)}</td>
                    <td>{b.encoding === 'utf-8' ? 'UTF-8' : 'Shift_JIS'}</td>
                    <td>{b.count}</td>
                    <td>{b.actorKind === 'api' ? tx(m.byApi, l) : (b.actorName ?? '')}</td>
                    <td>
                      <a href={`/staff/cases/export/batches/${b.id}/download`} download>
                        {t(m.download, l, { file: b.filename })}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{tx(m.noBatches, l)}</p>
        )}
      </section>
    </StaffLayout>
  );
}

export function BatchPage(p: { ctx: PageContext; batch: ExportBatch; cases: { applicationId: string; receiptNumber: string; rowNo: number }[] }) {
  const l = p.ctx.locale;
  const b = p.batch;
  return (
    <StaffLayout ctx={p.ctx} title={`${tx(m.batchTitle, l)} - ${tx(b.procedureName, l)}`}>
      <p>
        <a href="/staff/cases/export">{tx(m.back, l)}</a>
      </p>
      <h1>{tx(m.batchTitle, l)}</h1>
      <Notice kind="success">{t(m.created, l, { count: b.count })}</Notice>
      <dl class="dl">
        <dt>{tx(m.colProcedure, l)}</dt>
        <dd>{tx(b.procedureName, l)}</dd>
        <dt>{tx(m.colAt, l)}</dt>
        <dd>{formatDateTime(b.createdAt, l)}</dd>
        <dt>{tx(m.colScope, l)}</dt>
        <dd>{scopeText(b, l)}</dd>
        <dt>{tx(m.colEncoding, l)}</dt>
        <dd>{b.encoding === 'utf-8' ? 'UTF-8' : 'Shift_JIS'}</dd>
        <dt>{tx(m.colCount, l)}</dt>
        <dd>{b.count}</dd>
        <dt>{tx(m.sha256, l)}</dt>
        <dd>
          <code class="break-all">{b.sha256}</code>
        </dd>
      </dl>
      <p>
        <a class="btn btn-primary" href={`/staff/cases/export/batches/${b.id}/download`} download>
          {t(m.download, l, { file: b.filename })}
        </a>
      </p>
      <section aria-labelledby="cases">
        <h2 id="cases">{tx(m.casesTitle, l)}</h2>
        <ol>
          {p.cases.map((k) => (
            <li>
              <a href={`/staff/cases/${k.applicationId}`}>{k.receiptNumber}</a>
            </li>
          ))}
        </ol>
        {b.count > p.cases.length ? <p>{t(m.casesMore, l, { n: b.count - p.cases.length })}</p> : null}
      </section>
      {b.replaced.length ? (
        <section aria-labelledby="replaced">
          <h2 id="replaced">{tx(m.replacedTitle, l)}</h2>
          <p>{tx(m.replacedLead, l)}</p>
          <div class="table-scroll">
            <table>
              <caption class="sr-only">{tx(m.replacedTitle, l)}</caption>
              <thead>
                <tr>
                  <th scope="col">{tx(m.colReceipt, l)}</th>
                  <th scope="col">{tx(m.colColumn, l)}</th>
                  <th scope="col">{tx(m.colCharacters, l)}</th>
                </tr>
              </thead>
              <tbody>
                {b.replaced.map((r) => (
                  <tr>
                    <td>{r.receiptNumber}</td>
                    <td>{r.column}</td>
                    <td>{r.characters.join('、')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </StaffLayout>
  );
}
