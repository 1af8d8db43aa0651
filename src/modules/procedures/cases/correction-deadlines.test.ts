/**
 * 補正の期限 (ADR 42) through the real pages, the real worker and a real SMTP server: a request with
 * a due date enqueues its reminder and overdue jobs; the reminder mail goes out once and not at all
 * once the request is answered or withdrawn; the overdue mark is idempotent (one event, one mail to
 * the assignee) and never decides anything; the inbox filter 「補正期限切れ」 finds exactly the
 * overdue cases of its own municipality.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyWithSmallForm, smallTestForm } from '../../../../test/support/applications.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { mailText, startSmtpServer } from '../../../../test/support/smtp.ts';
import { buildStaff, signInStaff, type TestStaff } from '../../../../test/support/staff.ts';
import { bearerToken } from '../../../../test/support/api-tokens.ts';
import { enqueue } from '../../../platform/jobs/index.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { japanDay } from '../documents/document-dates.ts';
import { publishForm } from '../forms/forms.service.ts';
import { seedDemoProcedures } from '../procedures.seed.ts';
import { formatDay } from '../views/format.ts';
import { CORRECTION_OVERDUE_QUEUE, CORRECTION_REMINDER_QUEUE, deadlineSchedule, markCorrectionOverdue, type CorrectionDeadlineJob } from './correction-deadlines.service.ts';

interface Town {
  t: TestTenant;
  resident: TestClient;
  clerk: TestClient;
  assignee: TestStaff;
}

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let p: TestPlatform;
let a: Town;
let b: Town;

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const today = () => japanDay(new Date());
const q = <T>(town: Town, sql: string, params: unknown[] = []) => withTenant(p.deps.db, town.t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));
const mails = (needle: string) => smtp.received.map((r) => ({ to: r.to, text: mailText(r.raw) })).filter((m) => m.text.includes(needle));
const receiptOf = async (town: Town, id: string) => (await q<{ receipt_number: string }>(town, 'SELECT receipt_number FROM applications WHERE id = $1', [id]))[0]!.receipt_number;
const correctionOf = async (town: Town, id: string) =>
  (await q<{ id: string; due_on: string; answered_at: Date | null; overdue_at: Date | null }>(town, 'SELECT id, due_on::text AS due_on, answered_at, overdue_at FROM correction_requests WHERE application_id = $1 ORDER BY requested_at DESC LIMIT 1', [id]))[0]!;
const jobsOf = (town: Town, correctionId: string) =>
  q<{ queue: string; run_at: Date; status: string; max_attempts: number }>(town, 'SELECT queue, run_at, status, max_attempts FROM jobs WHERE queue = ANY ($1) AND dedupe_key = $2 ORDER BY queue', [[CORRECTION_OVERDUE_QUEUE, CORRECTION_REMINDER_QUEUE], correctionId]);
/** Makes the deadline jobs of a request due now (as if the days had passed). */
const runDeadlineJobsNow = (town: Town, queue: string) => q(town, 'UPDATE jobs SET run_at = now() WHERE queue = $1 AND status = $2', [queue, 'pending']);
/** Moves a request's due date into the past, as if the deadline had passed. */
const letDeadlinePass = (town: Town, correctionId: string) => q(town, 'UPDATE correction_requests SET due_on = $2 WHERE id = $1', [correctionId, addDays(today(), -1)]);
const overdueEvents = async (town: Town, id: string) => (await q(town, "SELECT 1 FROM application_events WHERE application_id = $1 AND kind = 'correction_overdue'", [id])).length;
const caseIdsIn = (html: string) => [...html.matchAll(/href="\/staff\/cases\/([0-9a-f-]{36})"/g)].map((m) => m[1]!).sort();

async function setUpTown(): Promise<Town> {
  const t = await buildTenant(p);
  await seedDemoProcedures(p.deps, t.code);
  const [proc] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ id: string; department_id: string }>("SELECT id, department_id FROM procedures WHERE slug = 'nursery-application'"));
  await withTenant(p.deps.db, t.code, (tx) => publishForm(tx, t.code, proc!.id, smallTestForm));
  const resident = t.client();
  await signInResidentByCard(p, t, resident);
  const clerk = t.client();
  await signInStaff(clerk, await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: proc!.department_id }] }));
  const assignee = await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: proc!.department_id }], displayName: '担当 花子' });
  return { t, resident, clerk, assignee };
}

/** A submitted application with a correction request due on `dueOn`; returns the application and request ids. */
async function askCorrection(town: Town, dueOn: string, opts: { assign?: boolean } = {}): Promise<{ id: string; correctionId: string; receipt: string }> {
  const id = await applyWithSmallForm(town.resident);
  if (opts.assign) assert.equal((await town.clerk.post(`/staff/cases/${id}/assign`, { assignee: town.assignee.id })).status, 303);
  const ask = await town.clerk.post(`/staff/cases/${id}/correction`, { fields: ['plan'], message: '希望する施設を確認してください', dueOn });
  assert.equal(ask.location, `/staff/cases/${id}?notice=correction`, ask.text.slice(0, 300));
  return { id, correctionId: (await correctionOf(town, id)).id, receipt: await receiptOf(town, id) };
}

before(async () => {
  smtp = await startSmtpServer();
  p = await startTestPlatform({ env: { SMTP_URL: smtp.url, WORKER: 'false' } });
  a = await setUpTown();
  b = await setUpTown();
});
after(async () => {
  await p.stop();
  await smtp.stop();
});

test('schedule: the reminder three days before at 09:00 Japan time (or at once), the overdue check at the start of the next day', () => {
  const far = deadlineSchedule('2026-12-15', new Date('2026-11-30T01:00:00Z'));
  assert.equal(far.remindAt.toISOString(), '2026-12-12T00:00:00.000Z');
  assert.equal(far.overdueAt.toISOString(), '2026-12-15T15:00:00.000Z');
  const near = new Date('2026-12-14T03:00:00Z');
  assert.equal(deadlineSchedule('2026-12-15', near).remindAt, near, 'closer than three days: at once');
  assert.equal(deadlineSchedule('2027-01-01', near).overdueAt.toISOString(), '2027-01-01T15:00:00.000Z', 'across the year end');
  assert.equal(formatDay('2026-12-15', 'ja'), '令和8年12月15日（2026年12月15日）');
  assert.equal(formatDay('2026-12-15', 'en'), '15 December 2026');
});

test('a request with a due date enqueues both jobs in its transaction; the reminder mail goes out once, in Japanese and English', async () => {
  const dueOn = addDays(today(), 10);
  const { id, correctionId, receipt } = await askCorrection(a, dueOn);
  const jobs = await jobsOf(a, correctionId);
  assert.deepEqual(
    jobs.map((j) => [j.queue, new Date(j.run_at).toISOString(), j.status]),
    [
      [CORRECTION_OVERDUE_QUEUE, new Date(`${addDays(dueOn, 1)}T00:00:00+09:00`).toISOString(), 'pending'],
      [CORRECTION_REMINDER_QUEUE, new Date(`${addDays(dueOn, -3)}T09:00:00+09:00`).toISOString(), 'pending'],
    ],
  );
  const noDate = await applyWithSmallForm(a.resident);
  assert.equal((await a.clerk.post(`/staff/cases/${noDate}/correction`, { fields: ['plan'], message: '確認してください' })).status, 303);
  assert.equal((await jobsOf(a, (await correctionOf(a, noDate)).id)).length, 0, 'no due date, no deadline jobs');

  await p.deps.worker.drain();
  smtp.received.length = 0;
  await p.deps.worker.drain();
  assert.equal(mails('期限が近づいて').length, 0, 'nothing before its time');
  await runDeadlineJobsNow(a, CORRECTION_REMINDER_QUEUE);
  await p.deps.worker.drain();
  const sent = mails(receipt);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0]!.to, ['hanako@example.jp']);
  for (const s of ['補正（申請内容の修正）の期限が近づいています', '保育施設等の利用申込', formatDay(dueOn, 'ja'), formatDay(dueOn, 'en'), `${p.url}/applications/${id}`, 'Application to use a nursery', 'is due soon'])
    assert.ok(sent[0]!.text.includes(s), `${s} in the reminder`);
  assert.match(formatDay(dueOn, 'ja'), /^令和\d+年\d+月\d+日（\d{4}年\d+月\d+日）$/);

  // The job run again (a lost lease, a manual re-run): no second mail.
  const payload: CorrectionDeadlineJob = { correctionId, applicationId: id, origin: p.url, tenantName: a.t.nameJa };
  await withTenant(p.deps.db, a.t.code, (tx) => enqueue(tx, a.t.code, CORRECTION_REMINDER_QUEUE, payload, { dedupeKey: 'again' }));
  await p.deps.worker.drain();
  assert.equal(mails(receipt).length, 1, 'the reminder is sent once');
  const done = await q<{ status: string }>(a, 'SELECT status FROM jobs WHERE queue = $1 AND dedupe_key IN ($2, $3)', [CORRECTION_REMINDER_QUEUE, correctionId, 'again']);
  assert.deepEqual(done.map((j) => j.status), ['done', 'done']);
});

test('a due date closer than three days is reminded at once; answered or withdrawn requests get no reminder and are never marked', async () => {
  smtp.received.length = 0;
  const soon = await askCorrection(a, today());
  const [reminder] = (await jobsOf(a, soon.correctionId)).filter((j) => j.queue === CORRECTION_REMINDER_QUEUE);
  assert.ok(Math.abs(new Date(reminder!.run_at).getTime() - Date.now()) < 60_000, 'due today: the reminder runs at once');
  await p.deps.worker.drain();
  assert.equal(mails(soon.receipt).filter((m) => m.text.includes('期限が近づいて')).length, 1);

  const answered = await askCorrection(a, addDays(today(), 20));
  assert.equal((await a.resident.post(`/applications/${answered.id}/correction`, { plan: 'west' })).location, `/applications/${answered.id}?notice=resubmitted`);
  const withdrawn = await askCorrection(a, addDays(today(), 20));
  assert.equal((await a.resident.post(`/applications/${withdrawn.id}/withdraw`)).status, 303);
  for (const c of [answered, withdrawn]) await letDeadlinePass(a, c.correctionId);
  await runDeadlineJobsNow(a, CORRECTION_REMINDER_QUEUE);
  await runDeadlineJobsNow(a, CORRECTION_OVERDUE_QUEUE);
  await p.deps.worker.drain();
  for (const c of [answered, withdrawn]) {
    assert.equal(mails(c.receipt).filter((m) => m.text.includes('期限が近づいて')).length, 0, 'no reminder once answered or withdrawn');
    assert.equal((await correctionOf(a, c.id)).overdue_at, null);
    assert.equal(await overdueEvents(a, c.id), 0);
    assert.deepEqual((await jobsOf(a, c.correctionId)).map((j) => j.status), ['done', 'done'], 'the jobs finish without doing anything');
  }
  const [state] = await q<{ status: string }>(a, 'SELECT status FROM applications WHERE id = $1', [answered.id]);
  assert.equal(state!.status, 'submitted');
});

test('overdue: marked once with one history entry and one mail to the assignee, shown to staff and resident, never rejected', async () => {
  smtp.received.length = 0;
  const c = await askCorrection(a, today(), { assign: true });
  const payload: CorrectionDeadlineJob = { correctionId: c.correctionId, applicationId: c.id, origin: p.url, tenantName: a.t.nameJa };
  assert.equal(await withTenant(p.deps.db, a.t.code, (tx) => markCorrectionOverdue(tx, a.t.code, payload)), 'early', 'not overdue on the due date itself');
  // A job that runs early (clock skew) stays pending for a retry instead of finishing.
  await withTenant(p.deps.db, a.t.code, (tx) => enqueue(tx, a.t.code, CORRECTION_OVERDUE_QUEUE, payload, { dedupeKey: 'early' }));
  await p.deps.worker.drain();
  const [early] = await q<{ status: string; attempts: number }>(a, 'SELECT status, attempts FROM jobs WHERE queue = $1 AND dedupe_key = $2', [CORRECTION_OVERDUE_QUEUE, 'early']);
  assert.deepEqual({ ...early }, { status: 'pending', attempts: 1 });
  assert.equal((await correctionOf(a, c.id)).overdue_at, null);

  await letDeadlinePass(a, c.correctionId);
  await runDeadlineJobsNow(a, CORRECTION_OVERDUE_QUEUE);
  await p.deps.worker.drain();
  assert.notEqual((await correctionOf(a, c.id)).overdue_at, null);
  // Run twice more: the early job and a direct call find it marked already.
  await runDeadlineJobsNow(a, CORRECTION_OVERDUE_QUEUE);
  await p.deps.worker.drain();
  assert.equal(await withTenant(p.deps.db, a.t.code, (tx) => markCorrectionOverdue(tx, a.t.code, payload)), 'skipped');
  assert.equal(await overdueEvents(a, c.id), 1, 'one event');
  const staffMail = mails(c.receipt).filter((m) => m.text.includes('補正の期限'));
  const toAssignee = staffMail.filter((m) => m.to.includes(a.assignee.email));
  assert.equal(toAssignee.length, 1, 'one mail to the assignee');
  for (const s of ['補正の期限（', '自動では却下されません', `${p.url}/staff/cases/${c.id}`, 'Nothing is rejected automatically']) assert.ok(toAssignee[0]!.text.includes(s), `${s} in the assignee mail`);
  const [state] = await q<{ status: string; decided_at: Date | null }>(a, 'SELECT status, decided_at FROM applications WHERE id = $1', [c.id]);
  assert.deepEqual({ ...state }, { status: 'correction_requested', decided_at: null }, 'never decided automatically');

  const casePage = (await a.clerk.get(`/staff/cases/${c.id}`)).text;
  assert.match(casePage, /<h2>補正の期限が過ぎています<\/h2>/);
  assert.match(casePage, /申請は自動では却下されません/);
  assert.match(casePage, /<dt>補正の期限<\/dt>\s*<dd>令和\d+年\d+月\d+日（\d{4}年\d+月\d+日）<strong>（補正期限切れ）<\/strong>/);
  assert.match(casePage, /補正の期限が過ぎました （自動記録）/);
  const mine = (await a.resident.get(`/applications/${c.id}`)).text;
  assert.match(mine, /補正の期限を過ぎていますが、いまからでも直して再提出できます。あわせて担当課（子育て支援課）へご連絡ください。/);
  assert.match(mine, /<strong>補正の期限が過ぎました。<\/strong>/, 'in the resident timeline');
  assert.match((await a.resident.get(`/applications/${c.id}/correction`)).text, /いまからでも直して再提出できます/);
  await a.resident.get('/lang/en?next=/');
  const en = (await a.resident.get(`/applications/${c.id}`)).text;
  await a.resident.get('/lang/ja?next=/');
  assert.match(en, /The deadline has passed, but you can still correct and send your application\. Please also contact the department \(Child and Family Support Division\)\./);
  assert.match(en, /Deadline for the correction: \d{1,2} [A-Z][a-z]+ \d{4}/);

  // The resident can still answer; the case leaves the overdue filter.
  assert.equal((await a.resident.post(`/applications/${c.id}/correction`, { plan: 'west' })).location, `/applications/${c.id}?notice=resubmitted`);
  assert.deepEqual(caseIdsIn((await a.clerk.get('/staff/cases?status=correction_overdue')).text), []);
});

test('inbox filter 「補正期限切れ」 finds exactly the open overdue cases of the municipality; jobs never cross municipalities', async () => {
  const overdueA = await askCorrection(a, addDays(today(), 5));
  const notYet = await askCorrection(a, addDays(today(), 5));
  const overdueB = await askCorrection(b, addDays(today(), 5));
  await letDeadlinePass(a, overdueA.correctionId);
  await letDeadlinePass(b, overdueB.correctionId);
  // notYet's due date is still ahead: its job stays early and it is not marked.
  for (const town of [a, b]) await runDeadlineJobsNow(town, CORRECTION_OVERDUE_QUEUE);
  await p.deps.worker.drain();
  assert.equal((await correctionOf(a, notYet.id)).overdue_at, null);

  const inbox = await a.clerk.get('/staff/cases?status=correction_overdue');
  assert.equal(inbox.status, 200);
  assert.deepEqual(caseIdsIn(inbox.text), [overdueA.id]);
  assert.match(inbox.text, /<option value="correction_overdue" selected="">補正期限切れ<\/option>/);
  assert.match((await a.clerk.get('/staff/cases')).text, /・補正期限切れ/, 'flagged in the full list');
  assert.deepEqual(caseIdsIn((await b.clerk.get('/staff/cases?status=correction_overdue')).text), [overdueB.id]);
  assert.equal((await a.clerk.get('/staff/cases?status=%3Cscript%3E')).status, 200, 'an unknown status filter is ignored');

  // The same filter and flag through the staff API (token scope cases:read).
  const authorization = await bearerToken(p, a.t.code, ['cases:read']);
  const api = await a.t.client().api('GET', '/api/v1/cases?correctionOverdue=1', undefined, { authorization });
  assert.equal(api.status, 200);
  const apiCases = api.json().cases as { id: string; correctionOverdue: boolean }[];
  assert.deepEqual(apiCases.map((c) => [c.id, c.correctionOverdue]), [[overdueA.id, true]]);
  const all = (await a.t.client().api('GET', '/api/v1/cases', undefined, { authorization })).json().cases as { id: string; correctionOverdue: boolean }[];
  assert.equal(all.find((c) => c.id === notYet.id)?.correctionOverdue, false);
  assert.equal((await a.t.client().api('GET', '/api/v1/cases?correctionOverdue=maybe', undefined, { authorization })).status, 400, 'a bad value is refused');

  // A job naming another municipality's request finds nothing (RLS and the tenant key), even once it is overdue.
  const foreign: CorrectionDeadlineJob = { correctionId: notYet.correctionId, applicationId: notYet.id, origin: p.url, tenantName: b.t.nameJa };
  await q(a, "UPDATE jobs SET run_at = now() + interval '1 day' WHERE dedupe_key = $1", [notYet.correctionId]);
  await letDeadlinePass(a, notYet.correctionId);
  assert.equal(await withTenant(p.deps.db, b.t.code, (tx) => markCorrectionOverdue(tx, b.t.code, foreign)), 'skipped');
  await withTenant(p.deps.db, b.t.code, (tx) => enqueue(tx, b.t.code, CORRECTION_OVERDUE_QUEUE, foreign, { dedupeKey: 'foreign' }));
  await p.deps.worker.drain();
  assert.equal((await correctionOf(a, notYet.id)).overdue_at, null, 'the other municipality cannot mark it');
  assert.equal(await overdueEvents(a, notYet.id), 0);
});

test('ugly job payloads go to the dead letter at once instead of retrying', async () => {
  for (const [key, payload] of [
    ['bad-1', { correctionId: 'x', applicationId: 'y', origin: 1, tenantName: null }],
    ['bad-2', null],
    ['bad-3', { correctionId: "'; DROP TABLE jobs; --", applicationId: '00000000-0000-0000-0000-000000000000', origin: '', tenantName: '' }],
  ] as const) {
    for (const queue of [CORRECTION_REMINDER_QUEUE, CORRECTION_OVERDUE_QUEUE]) await withTenant(p.deps.db, a.t.code, (tx) => enqueue(tx, a.t.code, queue, payload, { dedupeKey: key }));
  }
  await p.deps.worker.drain();
  const rows = await q<{ status: string }>(a, 'SELECT status FROM jobs WHERE dedupe_key LIKE $1', ['bad-%']);
  assert.equal(rows.length, 6);
  assert.ok(rows.every((r) => r.status === 'dead'));
  // A due date that is no date is refused with a message naming the field.
  const id = await applyWithSmallForm(a.resident);
  const bad = await a.clerk.post(`/staff/cases/${id}/correction`, { fields: ['plan'], message: '確認してください', dueOn: '2026-02-30' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /「補正の期限」は今日以降の日付/);
});
