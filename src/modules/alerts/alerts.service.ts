/**
 * Use cases of emergency alerts: draft, edit, ask for approval, send (approved by a second person,
 * alone when allowed, or under the emergency override), follow up with an update or a cancel, and
 * read them back. Every function runs inside the caller's municipality transaction.
 *
 * Sending is the only path that calls notify's broadcast(), and it does so once per message: the
 * message's chain id and sequence are broadcast()'s idempotency key. Nothing else here sends.
 */
import crypto from 'node:crypto';
import { AppError, type FieldError } from '../../platform/errors/index.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { bilingual, type Text } from '../../platform/i18n/index.ts';
import { broadcast, fitBroadcastText, listAreas } from '../notify/index.ts';
import { listShelters } from '../opendata/index.ts';
import type { Actor, Alert, AlertArea, AlertContent, AlertShelter, MsgType, Versions } from './alert.ts';
import { alertText as m } from './alerts.messages.ts';
import { mayBeSentAlone } from './alerts.policy.ts';
import type { AlertInput } from './alerts.schema.ts';
import { buildCap, capIdentifier, validateCap, type CapMunicipality } from './cap/cap.ts';
import { fillTemplate } from './templates.ts';

interface AlertRow {
  id: string;
  chain_id: string;
  sequence: number | null;
  references_id: string | null;
  msg_type: MsgType;
  status: Alert['status'];
  state: Alert['state'];
  template: string;
  hazard: string;
  level: number | null;
  category: Alert['category'];
  response_type: Alert['responseType'];
  urgency: Alert['urgency'];
  severity: Alert['severity'];
  certainty: Alert['certainty'];
  event: Text;
  headline: Versions;
  description: Versions;
  instruction: Versions;
  areas: AlertArea[];
  shelters: AlertShelter[];
  expires_at: Date;
  author_kind: 'staff' | 'api';
  author_id: string;
  author_name: string;
  approver_kind: 'staff' | 'api' | null;
  approver_id: string | null;
  approver_name: string | null;
  override_reason: string | null;
  submitted_at: Date | null;
  sent_at: Date | null;
  cap_xml: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, chain_id, sequence, references_id, msg_type, status, state, template, hazard, level, category, response_type, urgency, severity, certainty,
  event, headline, description, instruction, areas, shelters, expires_at, author_kind, author_id, author_name, approver_kind, approver_id, approver_name,
  override_reason, submitted_at, sent_at, cap_xml, created_at, updated_at`;

const date = (d: Date | string) => new Date(d);
const dateOrNull = (d: Date | string | null) => (d ? new Date(d) : null);
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    chainId: r.chain_id,
    sequence: r.sequence === null ? null : Number(r.sequence),
    referencesId: r.references_id,
    msgType: r.msg_type,
    status: r.status,
    state: r.state,
    template: r.template,
    hazard: r.hazard as Alert['hazard'],
    level: r.level === null ? null : Number(r.level),
    category: r.category,
    responseType: r.response_type,
    urgency: r.urgency,
    severity: r.severity,
    certainty: r.certainty,
    event: json(r.event),
    headline: json(r.headline),
    description: json(r.description),
    instruction: json(r.instruction),
    areas: json(r.areas),
    shelters: json(r.shelters),
    expiresAt: date(r.expires_at),
    author: { kind: r.author_kind, id: r.author_id, name: r.author_name },
    approver: r.approver_id ? { kind: r.approver_kind!, id: r.approver_id, name: r.approver_name ?? '' } : null,
    overrideReason: r.override_reason,
    submittedAt: dateOrNull(r.submitted_at),
    sentAt: dateOrNull(r.sent_at),
    capXml: r.cap_xml,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export async function getAlert(tx: Queryable, tenant: string, id: string, opts: { lock?: boolean } = {}): Promise<Alert | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE tenant_id = $1 AND id = $2${opts.lock ? ' FOR UPDATE' : ''}`, [tenant, id]);
  return row ? toAlert(row) : null;
}

/** A sent message, for the public pages and feeds (drafts are never public). */
export async function getSentAlert(tx: Queryable, tenant: string, id: string): Promise<Alert | null> {
  const a = await getAlert(tx, tenant, id);
  return a && a.state === 'sent' ? a : null;
}

/** The sent messages of a chain, oldest first. */
export async function chainMessages(tx: Queryable, tenant: string, chainId: string): Promise<Alert[]> {
  const rows = await tx.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE tenant_id = $1 AND chain_id = $2 AND state = 'sent' ORDER BY sequence`, [tenant, chainId]);
  return rows.map(toAlert);
}

/** Sent messages, newest first. */
export async function listSentAlerts(tx: Queryable, tenant: string, opts: { limit: number; offset?: number }): Promise<Alert[]> {
  const rows = await tx.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE tenant_id = $1 AND state = 'sent' ORDER BY sent_at DESC, id LIMIT $2 OFFSET $3`, [tenant, opts.limit, opts.offset ?? 0]);
  return rows.map(toAlert);
}

/** The municipality's count of sent messages and when it last changed; null before the first send. */
export interface AlertVersion {
  version: number;
  /** Whole seconds, at least one second after the previous version's. */
  changedAt: Date;
}

/**
 * Reads the alert version: one primary-key row. Every page asks (the banner checks its cache
 * against it), so the statement is kept prepared.
 */
export async function alertVersion(tx: Queryable, tenant: string): Promise<AlertVersion | null> {
  const [row] = await tx.query<{ version: string | number | bigint; changed_at: Date }>('SELECT version, changed_at FROM alert_versions WHERE tenant_id = $1', [tenant], { prepare: 'alerts.version' });
  return row ? { version: Number(row.version), changedAt: date(row.changed_at) } : null;
}

/**
 * Moves the alert version on, inside the sending transaction (the row lock is held to commit, so
 * two sends of one municipality take turns here; they are minutes apart in practice).
 */
async function bumpAlertVersion(tx: Queryable, tenant: string): Promise<void> {
  await tx.query(
    `INSERT INTO alert_versions (tenant_id, version, changed_at) VALUES ($1, 1, date_trunc('second', clock_timestamp()))
     ON CONFLICT (tenant_id) DO UPDATE SET version = alert_versions.version + 1,
       changed_at = greatest(date_trunc('second', clock_timestamp()), alert_versions.changed_at + interval '1 second')`,
    [tenant],
  );
}

/** Drafts and messages awaiting approval, newest first. */
export async function listOpenDrafts(tx: Queryable, tenant: string): Promise<Alert[]> {
  const rows = await tx.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE tenant_id = $1 AND state IN ('draft', 'pending') ORDER BY updated_at DESC LIMIT 200`, [tenant]);
  return rows.map(toAlert);
}

/**
 * The latest sent message of every chain that is still in force: not a cancel and not expired,
 * newest first. This is what the banner and the "current" list show.
 */
export async function currentAlerts(tx: Queryable, tenant: string, now = new Date()): Promise<Alert[]> {
  const rows = await tx.query<AlertRow>(
    `SELECT ${COLUMNS} FROM (
       SELECT DISTINCT ON (chain_id) * FROM alerts WHERE tenant_id = $1 AND state = 'sent' ORDER BY chain_id, sequence DESC
     ) head WHERE msg_type <> 'cancel' AND expires_at > $2 ORDER BY sent_at DESC LIMIT 20`,
    [tenant, now],
  );
  return rows.map(toAlert);
}

export async function alertEvents(tx: Queryable, tenant: string, alertId: string): Promise<{ at: Date; action: string; actorId: string; actorName: string; note: string }[]> {
  const rows = await tx.query<{ at: Date; action: string; actor_id: string; actor_name: string; note: string }>('SELECT at, action, actor_id, actor_name, note FROM alert_events WHERE tenant_id = $1 AND alert_id = $2 ORDER BY at', [tenant, alertId]);
  return rows.map((r) => ({ at: date(r.at), action: r.action, actorId: r.actor_id, actorName: r.actor_name, note: r.note }));
}

/**
 * Events that shape what a message says or put it in front of an approver: whoever did one of
 * them may not approve the message (ADR 0045, amended). Migration 0047's trigger refuses the same
 * approvers in the database.
 */
export const SHAPING_ACTIONS = ['draft', 'draft_update', 'draft_cancel', 'edit', 'submit'] as const;

/** How a person took part in a message before approval: wrote it, edited it, or asked for its approval. */
export type Shaped = 'wrote' | 'edited' | 'submitted' | null;

/** How `actorId` shaped the message, from its author and its events (the strongest part first); null when not at all. */
export function shapedBy(a: Pick<Alert, 'author'>, events: { action: string; actorId: string }[], actorId: string): Shaped {
  if (a.author.id === actorId) return 'wrote';
  const mine = new Set(events.filter((e) => e.actorId === actorId).map((e) => e.action));
  if (mine.has('draft') || mine.has('draft_update') || mine.has('draft_cancel')) return 'wrote';
  if (mine.has('edit')) return 'edited';
  if (mine.has('submit')) return 'submitted';
  return null;
}

async function shapingEvents(tx: Queryable, tenant: string, alertId: string, actorId: string): Promise<{ action: string; actorId: string }[]> {
  const rows = await tx.query<{ action: string }>('SELECT DISTINCT action FROM alert_events WHERE tenant_id = $1 AND alert_id = $2 AND actor_id = $3 AND action = ANY($4)', [tenant, alertId, actorId, SHAPING_ACTIONS]);
  return rows.map((r) => ({ action: r.action, actorId }));
}

async function recordEvent(tx: Queryable, tenant: string, alertId: string, action: string, actor: Actor, note = ''): Promise<void> {
  await tx.query('INSERT INTO alert_events (tenant_id, alert_id, action, actor_kind, actor_id, actor_name, note) VALUES ($1, $2, $3, $4, $5, $6, $7)', [tenant, alertId, action, actor.kind, actor.id, actor.name, note]);
}

/** The areas and shelters staff may choose from (reference data, read only). */
export async function choices(tx: Queryable, tenant: string): Promise<{ areas: AlertArea[]; shelters: AlertShelter[] }> {
  const [areas, shelters] = [await listAreas(tx, tenant), await listShelters(tx, tenant)];
  return { areas, shelters: shelters.map((s) => ({ id: s.place.id, name: s.place.name, nameEn: s.place.nameEn, address: s.place.address })) };
}

/**
 * Resolves chosen area codes and shelter ids against the reference data and copies their names
 * into the message, so that a later edit of the reference data never changes a message.
 */
export async function resolveSelection(tx: Queryable, tenant: string, areaCodes: string[], shelterIds: string[]): Promise<{ areas: AlertArea[]; shelters: AlertShelter[]; problems: FieldError[] }> {
  const all = await choices(tx, tenant);
  const areas = all.areas.filter((a) => areaCodes.includes(a.code));
  const shelters = all.shelters.filter((s) => shelterIds.includes(s.id));
  const problems: FieldError[] = [];
  if (areas.length !== new Set(areaCodes).size) problems.push({ field: 'areas', message: m.unknownArea });
  if (shelters.length !== new Set(shelterIds).size) problems.push({ field: 'shelters', message: m.unknownShelter });
  return { areas, shelters, problems };
}

/** Turns checked input into message content, with areas and shelters resolved. Throws validation_failed naming the field. */
export async function contentFromInput(tx: Queryable, tenant: string, input: AlertInput): Promise<AlertContent> {
  const sel = await resolveSelection(tx, tenant, input.areas, input.shelters);
  if (sel.problems.length) throw new AppError('validation_failed', { fields: sel.problems });
  return {
    status: input.status,
    template: input.template,
    hazard: input.hazard,
    level: input.level,
    category: input.category,
    responseType: input.responseType,
    urgency: input.urgency,
    severity: input.severity,
    certainty: input.certainty,
    event: { ja: input.eventJa, en: input.eventEn },
    headline: { ja: input.headlineJa, easy: input.headlineEasy, en: input.headlineEn },
    description: { ja: input.descriptionJa, easy: input.descriptionEasy, en: input.descriptionEn },
    instruction: { ja: input.instructionJa, easy: input.instructionEasy, en: input.instructionEn },
    areas: sel.areas,
    shelters: sel.shelters,
    expiresAt: input.expires,
  };
}

const contentParams = (c: AlertContent) => [
  c.status, c.template, c.hazard, c.level, c.category, c.responseType, c.urgency, c.severity, c.certainty,
  JSON.stringify(c.event), JSON.stringify(c.headline), JSON.stringify(c.description), JSON.stringify(c.instruction),
  JSON.stringify(c.areas), JSON.stringify(c.shelters), c.expiresAt,
];

/** Saves a new draft of a first message (an 'alert'); returns its id. */
export async function createDraft(tx: Queryable, tenant: string, author: Actor, content: AlertContent): Promise<string> {
  const id = crypto.randomUUID();
  await tx.query(
    `INSERT INTO alerts (tenant_id, id, chain_id, msg_type, status, template, hazard, level, category, response_type, urgency, severity, certainty,
       event, headline, description, instruction, areas, shelters, expires_at, author_kind, author_id, author_name)
     VALUES ($1, $2, $2, 'alert', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
    [tenant, id, ...contentParams(content), author.kind, author.id, author.name],
  );
  await recordEvent(tx, tenant, id, 'draft', author);
  return id;
}

/** Loads a message that may still change (draft or pending), locked; throws not_found or conflict. */
async function openDraft(tx: Queryable, tenant: string, id: string): Promise<Alert> {
  const a = await getAlert(tx, tenant, id, { lock: true });
  if (!a) throw new AppError('not_found');
  if (a.state !== 'draft' && a.state !== 'pending') throw new AppError('conflict', { message: m.notEditable });
  return a;
}

/** Replaces a draft's content. Editing a message awaiting approval takes it back to draft: what was approved is what is sent. */
export async function updateDraft(tx: Queryable, tenant: string, id: string, actor: Actor, content: AlertContent): Promise<void> {
  const a = await openDraft(tx, tenant, id);
  if (a.msgType !== 'alert' && content.status !== a.status) throw new AppError('validation_failed', { fields: [{ field: 'status', message: m.statusFixed }] });
  await tx.query(
    `UPDATE alerts SET status = $3, template = $4, hazard = $5, level = $6, category = $7, response_type = $8, urgency = $9, severity = $10, certainty = $11,
       event = $12, headline = $13, description = $14, instruction = $15, areas = $16, shelters = $17, expires_at = $18,
       state = 'draft', submitted_at = NULL, updated_at = now()
     WHERE tenant_id = $1 AND id = $2`,
    [tenant, id, ...contentParams(content)],
  );
  await recordEvent(tx, tenant, id, 'edit', actor);
}

/** Asks for a second person's approval. */
export async function submitForApproval(tx: Queryable, tenant: string, id: string, actor: Actor): Promise<Alert> {
  const a = await openDraft(tx, tenant, id);
  await tx.query("UPDATE alerts SET state = 'pending', submitted_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2", [tenant, id]);
  await recordEvent(tx, tenant, id, 'submit', actor);
  return { ...a, state: 'pending' };
}

export async function discardDraft(tx: Queryable, tenant: string, id: string, actor: Actor): Promise<void> {
  await openDraft(tx, tenant, id);
  await tx.query("UPDATE alerts SET state = 'discarded', updated_at = now() WHERE tenant_id = $1 AND id = $2", [tenant, id]);
  await recordEvent(tx, tenant, id, 'discard', actor);
}

/**
 * Starts an update or a cancel of a chain: a new draft that follows the chain's latest sent
 * message, with the same status. An update starts from that message's content; a cancel from the
 * "lifting" template for the same hazard and areas. Returns the new draft's id.
 */
export async function createFollowUp(tx: Queryable, tenant: string, of: string, type: 'update' | 'cancel', author: Actor, municipality: Text): Promise<string> {
  const base = await getSentAlert(tx, tenant, of);
  if (!base) throw new AppError('not_found');
  const chain = await chainMessages(tx, tenant, base.chainId);
  const head = chain[chain.length - 1]!;
  if (head.msgType === 'cancel') throw new AppError('conflict', { message: m.chainClosed });
  const content: AlertContent =
    type === 'update'
      ? { ...head, expiresAt: head.expiresAt.getTime() > Date.now() + 3600_000 ? head.expiresAt : new Date(Date.now() + 24 * 3600_000) }
      : { ...fillTemplate('lift', { hazard: head.hazard, areas: head.areas, shelters: [], municipality, now: new Date() }), status: head.status };
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO alerts (tenant_id, chain_id, references_id, msg_type, status, template, hazard, level, category, response_type, urgency, severity, certainty,
       event, headline, description, instruction, areas, shelters, expires_at, author_kind, author_id, author_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id`,
    [tenant, head.chainId, head.id, type, ...contentParams({ ...content, status: head.status }), author.kind, author.id, author.name],
  );
  await recordEvent(tx, tenant, row!.id, type === 'update' ? 'draft_update' : 'draft_cancel', author);
  return row!.id;
}

export type SendMode = { kind: 'approve' } | { kind: 'alone' } | { kind: 'override'; reason: string };

export interface SendContext {
  municipality: CapMunicipality;
  /** May this actor approve others' alerts and use the override (staff: manager/admin; API: alerts:approve)? */
  actorMayApprove: boolean;
}

const shapedRefusal: Record<Exclude<Shaped, null>, Text> = { wrote: m.selfApproval, edited: m.editedApproval, submitted: m.submittedApproval };

/**
 * Why a send is refused, or null when allowed. Pure, so the rules are tested on their own.
 * `shaped` is how the actor took part in the message (shapedBy); without it only the author counts.
 */
export function refuseSend(a: Alert, actor: Actor, mode: SendMode, actorMayApprove: boolean, shaped: Shaped = a.author.id === actor.id ? 'wrote' : null): Text | null {
  switch (mode.kind) {
    case 'approve':
      if (!actorMayApprove) return m.notAllowedApprove;
      if (actor.id === a.author.id) return m.selfApproval;
      if (shaped) return shapedRefusal[shaped];
      return null;
    case 'alone':
      return mayBeSentAlone(a) ? null : m.needsApproval;
    case 'override':
      if (!actorMayApprove) return m.overrideNotAllowed;
      if (!mode.reason.trim()) return m.overrideReasonRequired;
      return null;
  }
}

/**
 * The text notify sends: the headline as title; description, instruction as body, per language.
 * Form and API input always fits (LIMITS: headline 150, description 1,500 + instruction 2,000);
 * fitBroadcastText cuts only text no form checked, such as a cancel's lifting template naming
 * many areas, so such a message is still sent (with the full text on the alert's page).
 */
function broadcastText(a: Alert) {
  const body = (k: keyof Versions) => [a.description[k], a.instruction[k]].filter(Boolean).join('\n\n');
  const easyTitle = a.headline.easy;
  const easyBody = body('easy');
  return fitBroadcastText({
    title: { ja: a.headline.ja, ...(easyTitle ? { easy: easyTitle } : {}), en: a.headline.en || a.headline.ja },
    body: { ja: body('ja'), ...(easyBody ? { easy: easyBody } : {}), en: body('en') || body('ja') },
  });
}

/**
 * Sends a message: checks who may send it and how, gives it the next sequence of its chain,
 * writes and validates its CAP document (an invalid one stops everything: nothing is stored or
 * sent), marks it sent and calls broadcast() once. Returns the sent message.
 */
export async function sendAlert(tx: Queryable, tenant: string, id: string, actor: Actor, mode: SendMode, ctx: SendContext): Promise<Alert> {
  const a = await openDraft(tx, tenant, id);
  // Approval: whoever wrote, edited or submitted the message is not a second person (the events say who).
  const shaped = mode.kind === 'approve' ? shapedBy(a, await shapingEvents(tx, tenant, id, actor.id), actor.id) : null;
  const refused = refuseSend(a, actor, mode, ctx.actorMayApprove, shaped);
  if (refused === m.overrideReasonRequired) throw new AppError('validation_failed', { fields: [{ field: 'reason', message: refused }] });
  if (refused) throw new AppError('forbidden', { message: refused });
  if (mode.kind === 'approve' && a.state !== 'pending') throw new AppError('conflict', { message: m.notEditable });

  // The chain's latest sent message, locked, so two sends of the same chain take turns.
  const earlier = a.msgType === 'alert' ? [] : await tx.query<{ id: string; sequence: number; msg_type: MsgType; sent_at: Date }>(
    "SELECT id, sequence, msg_type, sent_at FROM alerts WHERE tenant_id = $1 AND chain_id = $2 AND state = 'sent' ORDER BY sequence FOR UPDATE",
    [tenant, a.chainId],
  );
  const head = earlier[earlier.length - 1];
  if (a.msgType !== 'alert' && (!head || head.msg_type === 'cancel')) throw new AppError('conflict', { message: m.chainClosed });
  const sequence = head ? Number(head.sequence) + 1 : 1;
  const [now] = await tx.query<{ t: Date }>("SELECT date_trunc('second', clock_timestamp()) AS t");
  const sentAt = date(now!.t);
  const sent: Alert = {
    ...a,
    state: 'sent',
    sequence,
    referencesId: head?.id ?? null,
    sentAt,
    approver: mode.kind === 'approve' ? actor : null,
    overrideReason: mode.kind === 'override' ? mode.reason.trim() : null,
  };
  const url = `${ctx.municipality.origin}/alerts/${a.id}`;
  const capXml = buildCap(sent, ctx.municipality, earlier.map((e) => ({ identifier: capIdentifier(ctx.municipality, e.id), sent: date(e.sent_at) })), url);
  const check = await validateCap(capXml);
  if (!check.valid) throw new AppError('validation_failed', { message: bilingual(m.capInvalid, { detail: check.errors.slice(0, 3).join(' / ') }), fields: [{ field: 'cap', message: bilingual(m.capInvalid, { detail: check.errors.slice(0, 3).join(' / ') }) }] });

  const updated = await tx
    .query(
      `UPDATE alerts SET state = 'sent', sequence = $3, references_id = $4, sent_at = $5, cap_xml = $6, approver_kind = $7, approver_id = $8, approver_name = $9, override_reason = $10, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND state IN ('draft', 'pending') RETURNING id`,
      [tenant, id, sequence, sent.referencesId, sentAt, capXml, sent.approver?.kind ?? null, sent.approver?.id ?? null, sent.approver?.name ?? null, sent.overrideReason],
    )
    .catch((e: unknown) => {
      // Another message of the chain was sent at the same moment and took this sequence number.
      if ((e as { code?: string }).code === '23505') throw new AppError('conflict');
      // The database's own guard (approver = author, or an approver who shaped it: migration 0047); the check above refuses first.
      if ((e as { code?: string }).code === '23514' && mode.kind === 'approve') throw new AppError('forbidden', { message: m.notAllowedApprove });
      throw e;
    });
  if (!updated.length) throw new AppError('conflict', { message: m.notEditable });
  if (mode.kind === 'approve') await recordEvent(tx, tenant, id, 'approve', actor);
  await recordEvent(tx, tenant, id, mode.kind === 'override' ? 'send_override' : 'send', actor, sent.overrideReason ?? '');
  const text = broadcastText(sent);
  await broadcast(tx, {
    tenant,
    source: { kind: 'alert', id: a.chainId, revision: sequence },
    topic: 'bousai',
    areas: a.areas.length ? a.areas.map((x) => x.code) : null,
    urgent: true,
    status: a.status,
    title: text.title,
    body: text.body,
    url,
  });
  // Last, so the version row is locked for as short a time as possible.
  await bumpAlertVersion(tx, tenant);
  return { ...sent, capXml };
}
