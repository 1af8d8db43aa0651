/**
 * The durable submission path of the resident API: an application made and submitted in one
 * request. For each request the resident session is checked, and the application, its history
 * event, its audit entry and its idempotency key are written in ONE transaction; the answer is
 * sent only after COMMIT.
 *
 * Requests that arrive while a municipality's transaction is committing are grouped into the next
 * transaction (group commit, as in a database's WAL writer): one read, one statement for the receipt
 * numbers and every row, one audit chain lock and one fsync for the group.
 * Without it every submission holds the municipality's audit chain lock (and the receipt counter
 * row) through its own commit, which caps a municipality at one commit at a time (ADR 0037,
 * docs/benchmarks.md). If a group fails, each request is retried alone, so one bad request never
 * fails the others.
 */
import crypto from 'node:crypto';
import type { Db, Queryable } from '../../../platform/db/index.ts';
import type { Keyring, TenantCipher } from '../../../platform/crypto/index.ts';
import { hashToken } from '../../../platform/crypto/index.ts';
import { appendAuditBatch, GENESIS, type AuditEntry } from '../../../platform/audit/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { ANSWERS_FIELD, OPEN_STATUSES } from '../applications.schema.ts';
import type { Answers, FormDefinition } from '../forms/form-definition.ts';
import { applicantNameTokens } from '../cases/search-tokens.ts';
import { claimFileAnswers, type FileClaim } from '../attachments/file-answers.ts';
import { purgeIdempotencyKeys, replay, type StoredResponse } from './idempotency.ts';

export interface SubmissionTarget {
  procedureId: string;
  slug: string;
  name: Text;
  assurance: 1 | 2;
  formVersion: number;
  form: FormDefinition;
}

export interface DurableSubmission {
  /** The resident session cookie as sent; checked inside the transaction. */
  sessionCookie: string;
  target: SubmissionTarget;
  /** Answers already checked against the form version. */
  answers: Answers;
  /** The resident's pending uploads the answers name (file-answers.ts), given to the application in its transaction. */
  uploads?: FileClaim[];
  key: string;
  fingerprint: string;
  ip: string;
}

export type SubmissionOutcome = { ok: true; response: StoredResponse; replayed: boolean } | { ok: false; error: AppError };

export interface SubmissionEnv {
  db: Db;
  keyring: Keyring;
  session: { idleMinutes: number; maxHours: number };
  tenant: { code: string; nameJa: string; origin: string };
  /** Called after a commit that queued mail. */
  onMailQueued(): void;
}

interface Pending {
  item: DurableSubmission;
  resolve(o: SubmissionOutcome): void;
}

interface TenantQueue {
  waiting: Pending[];
  inFlight: number;
  env: SubmissionEnv;
}

/** Largest group written in one transaction (bounds the statement size and the lock time). */
const MAX_GROUP = 256;
/**
 * Groups of one municipality in flight at once: while one holds the receipt counter and the audit
 * chain and waits for its fsync, the next does its reads and encryption, then queues on the locks.
 * More did not help: groups got smaller and each one costs the same round trips (docs/benchmarks.md).
 */
const MAX_IN_FLIGHT = 2;
const queues = new WeakMap<Db, Map<string, TenantQueue>>();
/**
 * The municipality's cipher, kept 5 seconds per app server: reading the key rows (one round trip,
 * paid by every group while later groups wait) and building the cipher's key objects cost more
 * than the rest of the encryption. A data key rotation is picked up within 5 seconds; rows written
 * meanwhile carry the previous key version, which is kept and still decrypts (and is re-encrypted
 * by the next rotation pass), as for a transaction that read the keys just before the rotation.
 */
const CIPHER_TTL_MS = 5000;
const ciphers = new WeakMap<Keyring, Map<string, { cipher: TenantCipher; until: number }>>();

async function cipherOf(env: SubmissionEnv, tx: Queryable): Promise<TenantCipher> {
  let byTenant = ciphers.get(env.keyring);
  if (!byTenant) ciphers.set(env.keyring, (byTenant = new Map()));
  const hit = byTenant.get(env.tenant.code);
  if (hit && hit.until > Date.now()) return hit.cipher;
  const cipher = await env.keyring.forTenant(tx, env.tenant.code);
  byTenant.set(env.tenant.code, { cipher, until: Date.now() + CIPHER_TTL_MS });
  return cipher;
}
const lastPurge = new Map<string, number>();
/** The receipt year (Japan time); a formatter is costly to build, so once per process. */
const JAPAN_YEAR = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Tokyo' });

/** Submits through the municipality's group-commit queue; resolves once the outcome is committed. */
export function submitDurably(env: SubmissionEnv, item: DurableSubmission): Promise<SubmissionOutcome> {
  let byTenant = queues.get(env.db);
  if (!byTenant) queues.set(env.db, (byTenant = new Map()));
  let q = byTenant.get(env.tenant.code);
  if (!q) byTenant.set(env.tenant.code, (q = { waiting: [], inFlight: 0, env }));
  q.env = env;
  return new Promise<SubmissionOutcome>((resolve) => {
    q.waiting.push({ item, resolve });
    if (q.inFlight < MAX_IN_FLIGHT) void drain(q);
  });
}

async function drain(q: TenantQueue): Promise<void> {
  q.inFlight++;
  try {
    while (q.waiting.length) {
      const group = q.waiting.splice(0, MAX_GROUP);
      let outcomes: SubmissionOutcome[];
      try {
        outcomes = await writeGroup(q.env, group.map((p) => p.item));
      } catch (err) {
        if (group.length === 1 && !(err instanceof KeyRace)) outcomes = [{ ok: false, error: err instanceof AppError ? err : new AppError('internal', { cause: err }) }];
        else {
          // One request broke the group, another server took one of its keys first, or the database
          // blinked: each one alone, so the rest still commit (and a taken key is replayed).
          outcomes = [];
          for (const p of group) outcomes.push(await writeAlone(q.env, p.item));
        }
      }
      group.forEach((p, i) => p.resolve(outcomes[i]!));
    }
  } finally {
    q.inFlight--;
  }
}

/** Thrown when another transaction recorded one of the group's keys first: the group is retried one by one, and the retry replays. */
class KeyRace extends Error {}

async function writeAlone(env: SubmissionEnv, item: DurableSubmission): Promise<SubmissionOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await writeGroup(env, [item]))[0]!;
    } catch (e) {
      // A key race resolves on the next attempt: the other transaction has committed by then.
      if (e instanceof KeyRace && attempt < 3) continue;
      return { ok: false, error: e instanceof AppError ? e : new AppError('internal', { cause: e }) };
    }
  }
}

interface ItemState {
  subject_id: string | null;
  assurance: number | null;
  last_seen_at: Date | string | null;
  expires_at: Date | string | null;
  fingerprint: string | null;
  status: number | null;
  response: Record<string, unknown> | null;
  open_id: string | null;
}

/**
 * Writes one group in one transaction; outcome i belongs to items[i]. Throws when the transaction
 * fails. Round trips are few on purpose (each one is paid while later groups wait): one read of
 * every session, key and open application; one statement for the receipt numbers, every row and
 * the audit chain lock; one for the audit entries; COMMIT (the cipher is cached, see `cipherOf`).
 */
export async function writeGroup(env: SubmissionEnv, items: DurableSubmission[]): Promise<SubmissionOutcome[]> {
  const tenant = env.tenant.code;
  let mailQueued = false;
  const outcomes = await withTenant(env.db, tenant, async (tx) => {
    const out: (SubmissionOutcome | undefined)[] = new Array(items.length);
    const now = new Date();

    // 1. Sessions (the web's rules: idle and absolute expiry, the sign-in's level), keys seen
    //    before, and the person's open application for the procedure (the duplicate flag).
    const hashes = items.map((i) => (/^[A-Za-z0-9_-]{43}$/.test(i.sessionCookie) ? hashToken(i.sessionCookie) : ''));
    const state = await tx.query<ItemState & { n: string | number }>(
      `SELECT u.n, s.subject_id, s.assurance, s.last_seen_at, s.expires_at, k.fingerprint, k.status, k.response,
              (SELECT a.id FROM applications a WHERE a.tenant_id = $1 AND a.resident_id = s.subject_id AND a.procedure_id = u.p
                 AND a.status <> 'draft' AND a.status = ANY ($5) ORDER BY a.submitted_at LIMIT 1) AS open_id
       FROM unnest($2::text[], $3::text[], $4::uuid[]) WITH ORDINALITY AS u(h, k, p, n)
       LEFT JOIN sessions s ON s.tenant_id = $1 AND s.kind = 'resident' AND s.id_hash = u.h
       -- One primary-key probe per request: OFFSET 0 keeps the planner from turning this into a join
       -- that reads every key of the municipality when its statistics are stale.
       LEFT JOIN LATERAL (SELECT k.fingerprint, k.status, k.response FROM idempotency_keys k WHERE k.tenant_id = $1 AND k.resident_id = s.subject_id AND k.key = u.k OFFSET 0) k ON true`,
      [tenant, hashes, items.map((i) => i.key), items.map((i) => i.target.procedureId), OPEN_STATUSES],
      { prepare: 'submit.state' },
    );
    const byItem: ItemState[] = new Array(items.length);
    for (const r of state) byItem[Number(r.n) - 1] = r;
    const residentOf: string[] = [];
    const stale: string[] = [];
    const fresh: number[] = [];
    const firstInGroup = new Map<string, number>();
    const followers: [number, number][] = [];
    items.forEach((item, i) => {
      const s = byItem[i]!;
      if (!s.subject_id) return void (out[i] = { ok: false, error: new AppError('unauthenticated') });
      const seen = new Date(s.last_seen_at!).getTime();
      if (now.getTime() > new Date(s.expires_at!).getTime() || now.getTime() > seen + env.session.idleMinutes * 60_000) return void (out[i] = { ok: false, error: new AppError('session_expired') });
      if (s.assurance! < item.target.assurance) return void (out[i] = { ok: false, error: new AppError('assurance_required') });
      residentOf[i] = s.subject_id;
      if (now.getTime() - seen > 60_000) stale.push(hashes[i]!);
      if (s.fingerprint !== null) {
        const before = { fingerprint: s.fingerprint, status: s.status!, body: s.response! };
        return void (out[i] = settle(() => ({ ok: true, response: replay(before, item.fingerprint), replayed: true })));
      }
      // The same key twice in one group: the later ones answer like the first.
      const id = `${s.subject_id}\n${item.key}`;
      const first = firstInGroup.get(id);
      if (first !== undefined) followers.push([i, first]);
      else {
        firstInGroup.set(id, i);
        fresh.push(i);
      }
    });
    if (stale.length) await tx.query('UPDATE sessions SET last_seen_at = now() WHERE tenant_id = $1 AND id_hash = ANY ($2)', [tenant, [...new Set(stale)]]);

    if (fresh.length) {
      const cipher = await cipherOf(env, tx);
      const openOf = new Map<string, string>();
      const rows = fresh.map((i) => {
        const item = items[i]!;
        const pair = `${residentOf[i]}\n${item.target.procedureId}`;
        const id = crypto.randomUUID();
        const duplicateOf = byItem[i]!.open_id ?? openOf.get(pair) ?? null;
        if (!openOf.has(pair)) openOf.set(pair, duplicateOf ?? id);
        return { i, id, duplicateOf, answers: cipher.encrypt(ANSWERS_FIELD, JSON.stringify(item.answers)), tokens: applicantNameTokens(cipher, item.target.form, item.answers) };
      });

      // 2. One statement: the group's receipt numbers (受付番号, one counter update), the keys with
      //    the response each request gets, the applications (with their name search hashes), their
      //    first history event, and the lock on the municipality's audit chain head (taken after the
      //    counter, as every other path does: `h` reads `c`). From here both rows are held until
      //    COMMIT, so only the audit entries follow: one round trip, then COMMIT.
      const year = Number(JAPAN_YEAR.format(now));
      const written = await tx.query<{ n: string | number; receipt_number: string; keys: number; head_seq: string | bigint; head_hash: string }>(
        `WITH c AS (
           INSERT INTO receipt_counters (tenant_id, year, last) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id, year) DO UPDATE SET last = receipt_counters.last + $3 RETURNING last
         ),
         r AS (
           SELECT u.*, $16 || '-' || lpad((c.last - $3 + u.n)::text, 6, '0') AS receipt_number
           FROM c, unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::text[], $9::uuid[], $10::text[], $11::text[], $12::text[], $15::text[]) WITH ORDINALITY
             AS u(id, r, p, v, enc, dup, k, f, slug, tok, n)
         ),
         k AS (
           INSERT INTO idempotency_keys (tenant_id, resident_id, key, fingerprint, status, response, application_id)
           SELECT $1, r.r, r.k, r.f, 201, jsonb_build_object('id', r.id, 'receiptNumber', r.receipt_number, 'status', 'submitted', 'procedure', r.slug,
                    'formVersion', r.v, 'duplicateOf', r.dup, 'submittedAt', $14::text), r.id
           FROM r ON CONFLICT DO NOTHING RETURNING 1
         ),
         a AS (
           INSERT INTO applications (tenant_id, id, procedure_id, form_version, resident_id, status, answers_enc, receipt_number, duplicate_of, name_tokens, submitted_at, created_at, updated_at)
           SELECT $1, r.id, r.p, r.v, r.r, 'submitted', r.enc, r.receipt_number, r.dup, string_to_array(r.tok, ' '), $13, $13, $13 FROM r
         ),
         e AS (
           INSERT INTO application_events (tenant_id, application_id, at, status, kind, actor_kind, actor_id, note)
           SELECT $1, r.id, $13, 'submitted', 'submitted', 'resident', r.r::text, '' FROM r
         ),
         h AS (
           INSERT INTO audit_heads (tenant_id, seq, hash) SELECT $1, 0, $17 FROM c
           ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq RETURNING seq, hash
         )
         SELECT r.n, r.receipt_number, (SELECT count(*)::int FROM k) AS keys, (SELECT h.seq FROM h) AS head_seq, (SELECT h.hash FROM h) AS head_hash
         FROM r ORDER BY r.n`,
        [
          tenant, year, rows.length,
          rows.map((r) => r.id), rows.map((r) => residentOf[r.i]), rows.map((r) => items[r.i]!.target.procedureId), rows.map((r) => items[r.i]!.target.formVersion),
          rows.map((r) => r.answers), rows.map((r) => r.duplicateOf), rows.map((r) => items[r.i]!.key), rows.map((r) => items[r.i]!.fingerprint), rows.map((r) => items[r.i]!.target.slug),
          // Each application's name hashes as one space-separated string (base64url has no spaces): arrays of arrays must be rectangular.
          now, now.toISOString(), rows.map((r) => r.tokens.join(' ')), String(year), GENESIS,
        ],
        { prepare: 'submit.write' },
      );
      // A key recorded by another server meanwhile: undo the group; alone, the request replays it.
      if (written[0]!.keys !== rows.length) throw new KeyRace();
      // Uploads named in the answers become the application's; one used by another request
      // meanwhile fails the group, and alone only its own request (422 naming the field).
      for (const r of rows) {
        const item = items[r.i]!;
        if (item.uploads?.length) await claimFileAnswers(tx, tenant, { form: item.target.form, applicationId: r.id, residentId: residentOf[r.i]!, procedureId: item.target.procedureId, claims: item.uploads, prefix: 'answers.' });
      }

      // 3. The audit entries, chained after the head locked above.
      const entries: AuditEntry[] = rows.map((r, n) => ({
        actorKind: 'resident',
        actorId: residentOf[r.i],
        action: 'application.submit',
        recordType: 'application',
        recordId: r.id,
        ip: items[r.i]!.ip,
        details: { receiptNumber: written[n]!.receipt_number, duplicateOf: r.duplicateOf, via: 'api' },
      }));
      await appendAuditBatch(tx, tenant, { seq: written[0]!.head_seq, hash: written[0]!.head_hash }, entries);
      for (const [n, r] of rows.entries()) {
        const item = items[r.i]!;
        const receiptNumber = written[n]!.receipt_number;
        const email = item.answers.email;
        if (typeof email === 'string' && email) {
          await queueReceiptMail(tx, env, item.target, r.id, receiptNumber, email);
          mailQueued = true;
        }
        const body = { id: r.id, receiptNumber, status: 'submitted', procedure: item.target.slug, formVersion: item.target.formVersion, duplicateOf: r.duplicateOf, submittedAt: now.toISOString() };
        out[r.i] = { ok: true, response: { status: 201, body }, replayed: false };
      }
    }
    for (const [i, first] of followers) {
      const lead = out[first]!;
      out[i] = lead.ok ? settle(() => ({ ok: true, response: replay({ fingerprint: items[first]!.fingerprint, status: lead.response.status, body: lead.response.body }, items[i]!.fingerprint), replayed: true })) : lead;
    }
    return out as SubmissionOutcome[];
  });
  if (mailQueued) env.onMailQueued();
  purgeWhenDue(env);
  return outcomes;
}

/**
 * Keys older than the retention are deleted once a minute in a transaction of their own, after a
 * group's COMMIT: inside the group it would hold the receipt counter and the audit chain lock while
 * deleting a minute's worth of keys. Not awaited; a failure is retried a minute later.
 */
function purgeWhenDue(env: SubmissionEnv): void {
  const tenant = env.tenant.code;
  if (Date.now() - (lastPurge.get(tenant) ?? 0) <= 60_000) return;
  lastPurge.set(tenant, Date.now());
  withTenant(env.db, tenant, (tx) => purgeIdempotencyKeys(tx, tenant)).catch(() => undefined);
}

function settle(fn: () => SubmissionOutcome): SubmissionOutcome {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err };
    throw err;
  }
}

/** The receipt mail, as the web submission sends it (deduplicated per application). */
async function queueReceiptMail(tx: Queryable, env: SubmissionEnv, target: SubmissionTarget, id: string, receiptNumber: string, email: string): Promise<void> {
  const link = `${env.tenant.origin}/applications/${id}`;
  await queueMail(
    tx,
    {
      tenant: env.tenant.code,
      to: email,
      subject: `【${env.tenant.nameJa}】申請を受け付けました（受付番号 ${receiptNumber}） / Application received`,
      text: [
        `「${target.name.ja}」の申請を受け付けました。`,
        `受付番号: ${receiptNumber}`,
        `審査の状況はマイページで確認できます: ${link}`,
        '',
        `We have received your application "${target.name.en}".`,
        `Receipt number: ${receiptNumber}`,
        `Follow its progress on My page: ${link}`,
        '',
        'このメールは送信専用です。 / This address does not receive replies.',
      ].join('\n'),
    },
    `application.receipt:${id}`,
  );
}
