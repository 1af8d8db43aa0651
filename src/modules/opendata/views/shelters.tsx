/** Shelter pages: the staff phone screens (list, one shelter with big buttons) and the public list. */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, ResidentLayout, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { shelterText as m } from '../opendata.messages.ts';
import { disasterLabels, disasterTypes, type DisasterType } from '../registries.ts';
import { crowdingInfo, crowdingLevels, type ShelterStatus } from '../shelters/crowding.ts';
import type { ShelterWithStatus, StatusEvent } from '../shelters/shelters.service.ts';
import { formatDateTime, ISLAND_SCRIPT } from './common.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);
const nameOf = (s: ShelterWithStatus, l: Locale) => (l === 'en' && s.place.nameEn ? s.place.nameEn : s.place.name);

/** The status as one short phrase: 開設中・やや混雑 / 未開設. */
export function statusText(s: ShelterStatus, l: Locale): string {
  if (!s.isOpen) return tx(m.closed, l);
  return s.crowding ? `${tx(m.open, l)}・${tx(crowdingInfo[s.crowding].label, l)}` : tx(m.open, l);
}

export function StatusBadge({ status, l }: { status: ShelterStatus; l: Locale }) {
  const cls = !status.isOpen ? 'status status-closed' : `status status-${status.crowding ?? 'vacant'}`;
  return <span class={cls} data-status-text="1">{statusText(status, l)}</span>;
}

export function StaffShelterListPage(p: { ctx: PageContext; shelters: ShelterWithStatus[]; who: Map<string, string> }) {
  const l = p.ctx.locale;
  const title = tx(m.staffTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      <p>{tx(m.staffLead, l)}</p>
      <ul class="shelter-cards">
        {p.shelters.map((s) => (
          <li>
            <a class="shelter-card" href={`/staff/shelters/${s.place.id}`}>
              <span class="shelter-name">{nameOf(s, l)}</span>
              <StatusBadge status={s.status} l={l} />
              <span class="muted">
                {s.status.updatedAt ? t(m.updated, l, { time: formatDateTime(s.status.updatedAt, l), who: p.who.get(s.place.id) ?? '—' }) : tx(m.neverUpdated, l)}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </StaffLayout>
  );
}

export function StaffShelterPage(p: { ctx: PageContext; shelter: ShelterWithStatus; history: StatusEvent[]; notice: Text | null; errors: FieldError[] }) {
  const l = p.ctx.locale;
  const s = p.shelter;
  const action = `/staff/shelters/${s.place.id}/status`;
  const csrf = p.ctx.csrfToken;
  return (
    <StaffLayout ctx={p.ctx} title={nameOf(s, l)}>
      <p><a href="/staff/shelters">{tx(m.staffTitle, l)}</a></p>
      <h1>{nameOf(s, l)}</h1>
      {p.notice ? <Notice kind="success"><p>{tx(p.notice, l)}</p></Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <p class="current-status">
        {tx(m.current, l)}: <StatusBadge status={s.status} l={l} />
        {s.place.capacity ? <> · {tx(m.capacity, l)} {t(m.people, l, { count: s.place.capacity })}</> : null}
        {s.status.headcount !== null ? <> · {t(m.people, l, { count: s.status.headcount })}</> : null}
      </p>
      <p class="muted">{tx(m.staffLead, l)}</p>
      <form method="post" action={action} class="big-buttons">
        <CsrfField token={csrf} />
        {s.status.isOpen ? (
          <button type="submit" name="action" value="close" class="btn btn-secondary btn-big">{tx(m.closeAction, l)}</button>
        ) : (
          <button type="submit" name="action" value="open" class="btn btn-primary btn-big">{tx(m.openAction, l)}</button>
        )}
      </form>
      {s.status.isOpen ? (
        <>
          <h2>{tx(m.setCrowding, l)}</h2>
          <form method="post" action={action} class="crowding-buttons">
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value="crowding" />
            {crowdingLevels.map((level) => (
              <button type="submit" name="crowding" value={level} class={`btn btn-big crowding-${level}`} aria-pressed={s.status.crowding === level ? 'true' : 'false'}>
                <span>{tx(crowdingInfo[level].label, l)}</span>
                <span class="band">{tx(crowdingInfo[level].band, l)}</span>
              </button>
            ))}
          </form>
          <form method="post" action={action} class="headcount-form">
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value="headcount" />
            <TextInput name="headcount" label={m.headcount} hint={s.place.capacity ? m.headcountHint : m.capacityUnknown} locale={l} inputmode="numeric" class="input-short" errors={p.errors} />
            <button type="submit" class="btn btn-secondary">{tx(m.saveHeadcount, l)}</button>
          </form>
        </>
      ) : null}
      <h2>{tx(m.history, l)}</h2>
      {p.history.length ? (
        <table>
          <caption class="sr-only">{tx(m.history, l)}</caption>
          <thead>
            <tr>
              <th scope="col">{tx(m.colTime, l)}</th>
              <th scope="col">{tx(m.colState, l)}</th>
              <th scope="col">{tx(m.colWho, l)}</th>
            </tr>
          </thead>
          <tbody>
            {p.history.map((e) => (
              <tr>
                <td>{formatDateTime(e.at, l)}</td>
                <td>
                  {statusText({ isOpen: e.isOpen, crowding: e.crowding, headcount: e.headcount, updatedAt: e.at }, l)}
                  {e.headcount !== null ? ` (${t(m.people, l, { count: e.headcount })})` : ''}
                </td>
                <td>{e.actorName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{tx(m.historyNone, l)}</p>
      )}
    </StaffLayout>
  );
}

export interface PublicShelterItem extends ShelterWithStatus {
  distanceKm: number | null;
}

export function CrowdingLegend({ l }: { l: Locale }) {
  return (
    <details class="legend">
      <summary>{tx(m.crowdingLegend, l)}</summary>
      <dl class="dl">
        {crowdingLevels.map((level) => (
          <>
            <dt>{tx(crowdingInfo[level].label, l)}</dt>
            <dd>{tx(crowdingInfo[level].band, l)}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}

export function PublicShelterListPage(p: { ctx: PageContext; shelters: PublicShelterItem[]; openOnly: boolean; disaster: DisasterType | undefined; asOf: Date }) {
  const l = p.ctx.locale;
  const title = tx(m.publicTitle, l);
  const openCount = p.shelters.filter((s) => s.status.isOpen).length;
  return (
    <ResidentLayout ctx={p.ctx} title={title} scripts={[ISLAND_SCRIPT]}>
      <h1>{title}</h1>
      <p>{tx(m.publicLead, l)}</p>
      <p class="notice" role="status">
        <strong>{openCount ? t(m.openCount, l, { count: openCount }) : tx(m.noneOpen, l)}</strong>
        <br />
        <span data-as-of="1">{t(m.lastChecked, l, { time: formatDateTime(p.asOf, l) })}</span> <a href={p.ctx.path}>{tx(m.refresh, l)}</a>
      </p>
      <form method="get" action="/shelters" class="filter-form">
        <div class="field">
          <label for="f-disaster">{tx(m.disasterFilter, l)}</label>
          <select class="select" id="f-disaster" name="disaster">
            <option value="">{tx(m.anyDisaster, l)}</option>
            {disasterTypes.map((d) => (
              <option value={d} selected={p.disaster === d}>{tx(disasterLabels[d], l)}</option>
            ))}
          </select>
        </div>
        <div class="checkbox">
          <input type="checkbox" id="f-open" name="open" value="1" checked={p.openOnly} />
          <label for="f-open">{tx(m.filterOpenOnly, l)}</label>
        </div>
        <button type="submit" class="btn btn-secondary">{tx(m.apply, l)}</button>
      </form>
      <CrowdingLegend l={l} />
      <p class="sr-only" aria-live="polite" data-live-region="1" data-message={tx(m.liveUpdated, l)}></p>
      <ul class="place-list">
        {p.shelters.map((s) => (
          <li class="card" data-shelter-id={s.place.id}>
            <h2>
              <a href={`/places/${s.place.id}`}>{nameOf(s, l)}</a>
            </h2>
            <p>
              <StatusBadge status={s.status} l={l} />
              {s.place.capacity ? <span class="muted"> · {tx(m.capacity, l)} {t(m.people, l, { count: s.place.capacity })}</span> : null}
            </p>
            <p>{s.place.address}</p>
            {s.distanceKm !== null ? <p>{t(m.distance, l, { km: s.distanceKm.toFixed(1) })}</p> : null}
            <p class="muted">
              {tx(m.suitableFor, l)}: {s.place.disasterTypes.map((d) => tx(disasterLabels[d], l)).join('、') || '—'}
            </p>
          </li>
        ))}
      </ul>
    </ResidentLayout>
  );
}
