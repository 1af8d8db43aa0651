/**
 * The procedures API through the real HTTP app: the public catalog, the resident operations with
 * the session cookie + CSRF header and Idempotency-Key (replay, 422 on another body, concurrent
 * duplicates → one application), group commit keeping receipt numbers and the audit chain whole,
 * the staff operations with scoped tokens, bad input naming the field, and tenant isolation.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { buildStaff } from '../../../../test/support/staff.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { createSession } from '../../../platform/auth/index.ts';
import { verifyChain } from '../../../platform/audit/index.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { bearerToken } from '../../../../test/support/api-tokens.ts';
import { seedDemoProcedures } from '../procedures.seed.ts';
import { createTenFieldProcedure, TEN_FIELD_SLUG, tenFieldAnswers } from './testkit.ts';

let p: TestPlatform;
let t: TestTenant;
let other: TestTenant;
let resident: TestClient;
let residentId: string;
let csrf: string;

before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' } });
  t = await buildTenant(p);
  other = await buildTenant(p);
  for (const x of [t, other]) {
    await seedDemoProcedures(p.deps, x.code);
    await createTenFieldProcedure(p.deps, x.code);
  }
  resident = t.client();
  ({ residentId } = await signInResidentByCard(p, t, resident));
  csrf = (await resident.api('GET', '/api/resident/v1/session')).json().csrfToken;
});
after(() => p.stop());

const q = <T>(tenant: string, sql: string, params: unknown[] = []) => withTenant(p.deps.db, tenant, (tx) => tx.query<T & Record<string, unknown>>(sql, params));
const key = () => crypto.randomUUID();
const submitPath = `/api/resident/v1/procedures/${TEN_FIELD_SLUG}/applications`;
const submit = (client: TestClient, body: unknown, headers: Record<string, string> = {}) => client.api('POST', submitPath, body, { 'x-csrf-token': csrf, 'idempotency-key': key(), ...headers });
const tokenFor = (scopes: string[], tenant: TestTenant = t) => bearerToken(p, tenant.code, scopes);

/** A client signed in at level 1 (e-mail code), by creating the session the e-mail sign-in would. */
async function levelOneClient(): Promise<TestClient> {
  const c = t.client();
  const cookie = await withTenant(p.deps.db, t.code, (tx) => createSession(tx, t.code, { kind: 'resident', subjectId: residentId, assurance: 1, mfaPassed: false }, { idleMinutes: 60, maxHours: 12 }));
  c.cookies.set('yakuba-r', cookie);
  c.cookies.set('yakuba-csrf', csrf);
  return c;
}

test('the OpenAPI document lists the public, resident and staff operations and their security', async () => {
  const doc = (await t.client().api('GET', '/api/openapi.json')).json();
  for (const path of [
    '/api/public/v1/procedures', '/api/public/v1/procedures/{procedureSlug}', '/api/resident/v1/session', '/api/resident/v1/procedures/{procedureSlug}/applications',
    '/api/resident/v1/procedures/{procedureSlug}/drafts', '/api/resident/v1/applications', '/api/resident/v1/applications/{applicationId}',
    '/api/resident/v1/applications/{applicationId}/answers', '/api/resident/v1/applications/{applicationId}/submit', '/api/resident/v1/applications/{applicationId}/withdraw',
    '/api/v1/cases', '/api/v1/cases/{applicationId}', '/api/v1/cases/{applicationId}/steps',
  ])
    assert.ok(doc.paths[path], path);
  assert.ok(doc.components.securitySchemes.residentSession);
  const params = doc.paths['/api/resident/v1/procedures/{procedureSlug}/applications'].post.parameters.map((x: { name: string }) => x.name);
  assert.ok(params.includes('idempotency-key'));
  assert.ok(doc.components.schemas.SubmittedApplication && doc.components.schemas.Case);
});

test('public: the catalog filters and searches in Japanese; one procedure comes with its current form', async () => {
  const c = t.client();
  const all = (await c.api('GET', '/api/public/v1/procedures')).json().procedures;
  assert.ok(all.length >= 28);
  const care = (await c.api('GET', '/api/public/v1/procedures?category=care')).json().procedures;
  assert.ok(care.length > 0 && care.every((x: { category: string }) => x.category === 'care'));
  const birth = (await c.api('GET', '/api/public/v1/procedures?lifeEvent=birth')).json().procedures;
  assert.ok(birth.every((x: { lifeEvents: string[] }) => x.lifeEvents.includes('birth')));
  const kana = (await c.api('GET', `/api/public/v1/procedures?q=${encodeURIComponent('ジドウテアテ')}`)).json().procedures;
  assert.ok(kana.some((x: { slug: string }) => x.slug === 'child-allowance-claim'));
  const one = await c.api('GET', `/api/public/v1/procedures/${TEN_FIELD_SLUG}`);
  assert.equal(one.status, 200);
  assert.equal(one.json().form.version, 1);
  assert.equal(one.json().form.definition.sections[0].fields[0].name, 'applicantName');
  for (const bad of ['?category=unknown', '?lifeEvent=1', `?q=${'あ'.repeat(101)}`, '?extra=1']) {
    const r = await c.api('GET', `/api/public/v1/procedures${bad}`);
    assert.equal(r.status, 400, bad);
    assert.equal(r.json().error.code, 'validation_failed');
    assert.ok(r.json().error.fields[0].message.ja && r.json().error.fields[0].message.en);
  }
  assert.equal((await c.api('GET', '/api/public/v1/procedures/no-such-thing')).status, 404);
  assert.equal((await c.api('GET', '/api/public/v1/procedures/NOT_A_SLUG')).status, 400);
  // A procedure only the other municipality has is not found here.
  await createTenFieldProcedure(p.deps, other.code, { slug: 'only-at-other' });
  assert.equal((await c.api('GET', '/api/public/v1/procedures/only-at-other')).status, 404);
});

test('resident: one-request submission, replay with the same key, 422 with another body, audit and encryption', async () => {
  const k = key();
  const body = { answers: tenFieldAnswers(1) };
  const first = await submit(resident, body, { 'idempotency-key': k });
  assert.equal(first.status, 201, first.text);
  const made = first.json();
  assert.match(made.receiptNumber, /^\d{4}-\d{6}$/);
  assert.equal(made.status, 'submitted');
  assert.equal(first.headers['idempotent-replayed'], undefined);
  // The same body with the keys in another order is the same request.
  const again = await submit(resident, { answers: Object.fromEntries(Object.entries(tenFieldAnswers(1)).reverse()) }, { 'idempotency-key': k });
  assert.equal(again.status, 201);
  assert.deepEqual(again.json(), made);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  const changed = await submit(resident, { answers: { ...tenFieldAnswers(1), household: '4' } }, { 'idempotency-key': k });
  assert.equal(changed.status, 422);
  assert.equal(changed.json().error.code, 'idempotency_key_reused');
  assert.match(changed.json().error.message.ja, /Idempotency-Key/);
  const rows = await q<{ answers_enc: string; status: string }>(t.code, 'SELECT answers_enc, status FROM applications WHERE tenant_id = $1 AND id = $2', [t.code, made.id]);
  assert.equal(rows.length, 1);
  assert.doesNotMatch(rows[0]!.answers_enc, /みなと野|090/);
  const audited = await q(t.code, "SELECT actor_kind, actor_id FROM audit_log WHERE tenant_id = $1 AND action = 'application.submit' AND record_id = $2", [t.code, made.id]);
  assert.deepEqual(audited.map((a) => [a.actor_kind, a.actor_id]), [['resident', residentId]]);
  const keyRows = await q(t.code, 'SELECT application_id FROM idempotency_keys WHERE tenant_id = $1 AND resident_id = $2 AND key = $3', [t.code, residentId, k]);
  assert.equal(keyRows[0]!.application_id, made.id);
  // Normalised like the web form: 全角 digits, hiragana reading, 和暦.
  const mine = (await resident.api('GET', `/api/resident/v1/applications/${made.id}`)).json();
  assert.equal(mine.answers.postalCode, '0000011');
  assert.equal(mine.answers.applicantKana, 'ミナトノ タロウ');
  assert.equal(mine.answers.birthdate, '1985-04-01');
  assert.equal(mine.answers.household, '3');
  assert.deepEqual(mine.timeline.map((e: { status: string }) => e.status), ['submitted']);
});

test('resident: concurrent duplicates with one key make one application; different keys in one group get consecutive receipt numbers', async () => {
  const k = key();
  const body = { answers: tenFieldAnswers(2) };
  const same = await Promise.all(Array.from({ length: 12 }, () => submit(resident, body, { 'idempotency-key': k })));
  assert.ok(same.every((r) => r.status === 201), same.map((r) => r.status).join());
  assert.equal(new Set(same.map((r) => r.json().id)).size, 1);
  const n = await q<{ n: number }>(t.code, 'SELECT count(*)::int AS n FROM idempotency_keys WHERE tenant_id = $1 AND key = $2', [t.code, k]);
  assert.equal(n[0]!.n, 1);
  const many = await Promise.all(Array.from({ length: 40 }, (_, i) => submit(resident, { answers: tenFieldAnswers(100 + i) })));
  assert.ok(many.every((r) => r.status === 201));
  const numbers = many.map((r) => Number(r.json().receiptNumber.slice(5))).sort((a, b) => a - b);
  assert.equal(new Set(numbers).size, 40);
  assert.equal(numbers[39]! - numbers[0]!, 39, 'no gaps within the groups');
  // Later ones are flagged as duplicates of the person's first open application.
  assert.ok(many.every((r) => r.json().duplicateOf !== null));
  const chain = await withTenant(p.deps.db, t.code, (tx) => verifyChain(tx, t.code));
  assert.equal(chain.ok, true, JSON.stringify(chain));
});

test('resident: bad input is refused with a message naming the field, before anything is written', async () => {
  const count = async () => (await q<{ n: number }>(t.code, "SELECT count(*)::int AS n FROM applications WHERE tenant_id = $1 AND status <> 'draft'", [t.code]))[0]!.n;
  const before = await count();
  const cases: [unknown, string][] = [
    [{ answers: { ...tenFieldAnswers(), household: 3 } }, 'answers.household'],
    [{ answers: { ...tenFieldAnswers(), phone: '１２３' } }, 'answers.phone'],
    [{ answers: { ...tenFieldAnswers(), applicantKana: '<script>alert(1)</script>' } }, 'answers.applicantKana'],
    [{ answers: { ...tenFieldAnswers(), postalCode: '   ' } }, 'answers.postalCode'],
    [{ answers: { ...tenFieldAnswers(), birthdate: '令和99年13月40日' } }, 'answers.birthdate'],
    [{ answers: { ...tenFieldAnswers(), applicantName: '𠮷'.repeat(51) } }, 'answers.applicantName'],
    [{ answers: { ...tenFieldAnswers(), nickname: 'x' } }, 'answers.nickname'],
    [{ answers: tenFieldAnswers(), extra: true }, 'extra'],
    [{ answers: 'everything' }, 'answers'],
    [{}, 'answers'],
  ];
  for (const [body, field] of cases) {
    const r = await submit(resident, body);
    assert.equal(r.status, 400, `${field}: ${r.text}`);
    const fields = r.json().error.fields;
    assert.ok(fields.some((f: { field: string }) => f.field === field), `${field}: ${JSON.stringify(fields)}`);
    assert.ok(fields.every((f: { message: { ja: string; en: string } }) => f.message.ja && f.message.en));
  }
  const empty = await submit(resident, { answers: {} });
  assert.equal(empty.json().error.fields.length, 10);
  assert.match(empty.json().error.fields[0].message.ja, /「氏名」/);
  const notJson = await resident.raw('POST', submitPath, 'answers=1', { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf, 'idempotency-key': key() });
  assert.equal(notJson.status, 400);
  const broken = await resident.raw('POST', submitPath, '{"answers":', { 'content-type': 'application/json', 'x-csrf-token': csrf, 'idempotency-key': key() });
  assert.equal(broken.status, 400);
  const huge = await submit(resident, { answers: { ...tenFieldAnswers(), address: 'あ'.repeat(2_000_000) } });
  assert.equal(huge.status, 413);
  for (const k of [undefined, 'short', 'with spaces in it', 'x'.repeat(256)]) {
    const r = await resident.api('POST', submitPath, { answers: tenFieldAnswers() }, { 'x-csrf-token': csrf, ...(k ? { 'idempotency-key': k } : {}) });
    assert.equal(r.status, 400, String(k));
    assert.equal(r.json().error.fields[0].field, 'Idempotency-Key');
  }
  assert.equal(await count(), before);
});

test('resident: sign-in, CSRF, Origin and the procedure\'s sign-in level are enforced', async () => {
  const anonymous = t.client();
  const token = (await anonymous.api('GET', '/api/resident/v1/session')).json();
  assert.equal(token.signedIn, false);
  const anon = await anonymous.api('POST', submitPath, { answers: tenFieldAnswers() }, { 'x-csrf-token': token.csrfToken, 'idempotency-key': key() });
  assert.equal(anon.status, 401);
  assert.equal((await anonymous.api('GET', '/api/resident/v1/applications')).status, 401);
  const noCsrf = await resident.api('POST', submitPath, { answers: tenFieldAnswers() }, { 'idempotency-key': key() });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json().error.code, 'csrf_failed');
  assert.equal((await submit(resident, { answers: tenFieldAnswers() }, { 'x-csrf-token': 'A'.repeat(43) })).status, 403);
  assert.equal((await submit(resident, { answers: tenFieldAnswers() }, { origin: 'https://evil.example' })).status, 403);
  // The demo procedures need My Number Card sign-in (level 2); an e-mail sign-in (level 1) may not start them.
  const weak = await levelOneClient();
  const draft = await weak.api('POST', '/api/resident/v1/procedures/child-allowance-claim/drafts', undefined, { 'x-csrf-token': csrf });
  assert.equal(draft.status, 403);
  assert.equal(draft.json().error.code, 'assurance_required');
  await createTenFieldProcedure(p.deps, t.code, { slug: 'card-only-notice', assurance: 2 });
  const cardOnly = await weak.api('POST', '/api/resident/v1/procedures/card-only-notice/applications', { answers: tenFieldAnswers() }, { 'x-csrf-token': csrf, 'idempotency-key': key() });
  assert.equal(cardOnly.status, 403);
  assert.equal(cardOnly.json().error.code, 'assurance_required');
  assert.equal((await weak.api('POST', submitPath, { answers: tenFieldAnswers() }, { 'x-csrf-token': csrf, 'idempotency-key': key() })).status, 201);
  // An ended session is refused inside the submission transaction.
  await q(t.code, "UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE tenant_id = $1 AND assurance = 1", [t.code]);
  const expired = await weak.api('POST', submitPath, { answers: tenFieldAnswers() }, { 'x-csrf-token': csrf, 'idempotency-key': key() });
  assert.equal(expired.status, 401);
  assert.equal(expired.json().error.code, 'session_expired');
});

test('resident: drafts — start, resume, save, submit with a key, list, read, withdraw', async () => {
  const h = { 'x-csrf-token': csrf };
  const started = await resident.api('POST', `/api/resident/v1/procedures/${TEN_FIELD_SLUG}/drafts`, undefined, h);
  assert.equal(started.status, 201, started.text);
  const id = started.json().id;
  assert.ok(started.json().answers.applicantName, 'prefilled from the card sign-in');
  const resumed = await resident.api('POST', `/api/resident/v1/procedures/${TEN_FIELD_SLUG}/drafts`, undefined, h);
  assert.equal(resumed.status, 200);
  assert.equal(resumed.json().id, id);
  const unknown = await resident.api('PUT', `/api/resident/v1/applications/${id}/answers`, { answers: { shoeSize: '27' } }, h);
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json().error.fields[0].field, 'answers.shoeSize');
  const part = await resident.api('PUT', `/api/resident/v1/applications/${id}/answers`, { answers: { phone: '０９０-１２３４-５６７８' } }, h);
  assert.equal(part.status, 200);
  assert.equal(part.json().complete, false);
  assert.ok(part.json().problems.some((x: { field: string }) => x.field === 'answers.reason'));
  const early = await resident.api('POST', `/api/resident/v1/applications/${id}/submit`, undefined, { ...h, 'idempotency-key': key() });
  assert.equal(early.status, 400);
  assert.ok(early.json().error.fields.some((x: { field: string }) => x.field === 'answers.reason'));
  const full = await resident.api('PUT', `/api/resident/v1/applications/${id}/answers`, { answers: tenFieldAnswers(7) }, h);
  assert.equal(full.json().complete, true);
  assert.equal((await resident.api('POST', `/api/resident/v1/applications/${id}/submit`, undefined, h)).status, 400);
  const k = key();
  const sent = await resident.api('POST', `/api/resident/v1/applications/${id}/submit`, undefined, { ...h, 'idempotency-key': k });
  assert.equal(sent.status, 201, sent.text);
  const replayed = await resident.api('POST', `/api/resident/v1/applications/${id}/submit`, undefined, { ...h, 'idempotency-key': k });
  assert.deepEqual(replayed.json(), sent.json());
  assert.equal(replayed.headers['idempotent-replayed'], 'true');
  // A new key on the same draft still makes no second application (the draft id) and says so.
  const second = await resident.api('POST', `/api/resident/v1/applications/${id}/submit`, undefined, { ...h, 'idempotency-key': key() });
  assert.equal(second.json().receiptNumber, sent.json().receiptNumber);
  assert.equal(second.headers['idempotent-replayed'], 'true');
  assert.equal((await resident.api('PUT', `/api/resident/v1/applications/${id}/answers`, { answers: { phone: '0312345678' } }, h)).status, 409);
  const list = (await resident.api('GET', '/api/resident/v1/applications')).json().applications;
  assert.ok(list.some((a: { id: string; status: string }) => a.id === id && a.status === 'submitted'));
  const withdrawn = await resident.api('POST', `/api/resident/v1/applications/${id}/withdraw`, undefined, h);
  assert.equal(withdrawn.status, 200);
  assert.equal(withdrawn.json().status, 'withdrawn');
  assert.deepEqual(withdrawn.json().timeline.map((e: { status: string }) => e.status), ['submitted', 'withdrawn']);
  assert.equal((await resident.api('POST', `/api/resident/v1/applications/${id}/withdraw`, undefined, h)).status, 409);
  const draft2 = (await resident.api('POST', `/api/resident/v1/procedures/${TEN_FIELD_SLUG}/drafts`, undefined, h)).json().id;
  const discarded = await resident.api('POST', `/api/resident/v1/applications/${draft2}/withdraw`, undefined, h);
  assert.deepEqual(discarded.json(), { id: draft2, status: 'discarded' });
  assert.equal((await resident.api('GET', '/api/resident/v1/applications/not-a-uuid')).status, 400);
  assert.equal((await resident.api('GET', `/api/resident/v1/applications/${crypto.randomUUID()}`)).status, 404);
});

test('tenant isolation: another municipality\'s or another person\'s application is not found', async () => {
  const otherResident = other.client();
  await signInResidentByCard(p, other, otherResident);
  const otherCsrf = (await otherResident.api('GET', '/api/resident/v1/session')).json().csrfToken;
  const theirs = await otherResident.api('POST', submitPath, { answers: tenFieldAnswers() }, { 'x-csrf-token': otherCsrf, 'idempotency-key': key() });
  assert.equal(theirs.status, 201);
  const id = theirs.json().id;
  assert.equal((await resident.api('GET', `/api/resident/v1/applications/${id}`)).status, 404);
  assert.equal((await resident.api('POST', `/api/resident/v1/applications/${id}/withdraw`, undefined, { 'x-csrf-token': csrf })).status, 404);
  assert.equal((await resident.api('PUT', `/api/resident/v1/applications/${id}/answers`, { answers: {} }, { 'x-csrf-token': csrf })).status, 404);
  // A's session cookie means nothing at B.
  const stolen = other.client();
  for (const [k, v] of resident.cookies) stolen.cookies.set(k, v);
  assert.equal((await stolen.api('POST', submitPath, { answers: tenFieldAnswers() }, { 'x-csrf-token': csrf, 'idempotency-key': key() })).status, 401);
  const auth = { authorization: await tokenFor(['cases:read', 'cases:decide']) };
  assert.equal((await t.client().api('GET', `/api/v1/cases/${id}`, undefined, auth)).status, 404);
  assert.equal((await t.client().api('POST', `/api/v1/cases/${id}/steps`, { action: 'approve', staffId: crypto.randomUUID() }, auth)).status, 404);
  const listed = (await t.client().api('GET', '/api/v1/cases?limit=200', undefined, auth)).json().cases;
  assert.ok(!listed.some((x: { id: string }) => x.id === id));
});

test('staff systems: scoped tokens list and read cases (each read audited) and record approval steps for a named person', async () => {
  const made = (await submit(resident, { answers: tenFieldAnswers(9) })).json();
  const c = t.client();
  assert.equal((await c.api('GET', '/api/v1/cases', undefined, { authorization: await tokenFor(['tenant:read']) })).status, 403);
  assert.equal((await c.api('GET', '/api/v1/cases')).status, 401);
  const read = { authorization: await tokenFor(['cases:read']) };
  const page = await c.api('GET', '/api/v1/cases?status=submitted&limit=5', undefined, read);
  assert.equal(page.status, 200);
  assert.equal(page.json().cases.length, 5);
  assert.equal(page.json().nextOffset, 5);
  const byNumber = (await c.api('GET', `/api/v1/cases?receiptNumber=${made.receiptNumber}`, undefined, read)).json().cases;
  assert.deepEqual(byNumber.map((x: { id: string }) => x.id), [made.id]);
  for (const bad of ['?limit=1000', '?status=draft', '?from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-01-01', '?procedure=abc', '?offset=-1', '?sort=name']) {
    const r = await c.api('GET', `/api/v1/cases${bad}`, undefined, read);
    assert.equal(r.status, 400, bad);
    assert.ok(r.json().error.fields[0].field);
  }
  const one = await c.api('GET', `/api/v1/cases/${made.id}`, undefined, read);
  assert.equal(one.status, 200);
  assert.equal(one.json().answers.applicantName, 'みなと野 太郎9');
  const reads = await q(t.code, "SELECT actor_kind FROM audit_log WHERE tenant_id = $1 AND action = 'application.read' AND record_id = $2", [t.code, made.id]);
  assert.deepEqual(reads.map((r) => r.actor_kind), ['api']);

  const [dept] = await q<{ id: string }>(t.code, "SELECT id FROM departments WHERE tenant_id = $1 AND code = 'api-test'", [t.code]);
  const clerk = await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: dept!.id }] });
  const manager = await buildStaff(p, t, { roles: [{ role: 'manager', departmentId: dept!.id }] });
  const step = (body: unknown, auth = { authorization: '' }) => c.api('POST', `/api/v1/cases/${made.id}/steps`, body, auth);
  const decide = { authorization: await tokenFor(['cases:decide']) };
  assert.equal((await step({ action: 'approve', staffId: clerk.id }, read)).status, 403);
  assert.equal((await step({ action: 'approve' }, decide)).status, 400);
  assert.equal((await step({ action: 'approve', staffId: crypto.randomUUID() }, decide)).json().error.fields[0].field, 'staffId');
  assert.equal((await step({ action: 'maybe', staffId: clerk.id }, decide)).json().error.fields[0].field, 'action');
  assert.equal((await step({ action: 'reject', staffId: clerk.id }, decide)).status, 400);
  const first = await step({ action: 'approve', staffId: clerk.id, note: '起案しました' }, decide);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json().outcome, 'advanced');
  // Separation of duties: the clerk who drafted may not also take the final step.
  assert.equal((await step({ action: 'approve', staffId: clerk.id }, decide)).status, 403);
  const last = await step({ action: 'approve', staffId: manager.id }, decide);
  assert.equal(last.json().outcome, 'accepted');
  assert.equal(last.json().case.status, 'accepted');
  assert.equal((await step({ action: 'approve', staffId: manager.id }, decide)).status, 409);
  const steps = await q(t.code, "SELECT action FROM audit_log WHERE tenant_id = $1 AND action LIKE 'application.step.%' AND record_id = $2", [t.code, made.id]);
  assert.equal(steps.length, 2);

  // Hand-off to core systems: accepted cases as CSV, marked, and the same file again on request.
  const [proc] = await q<{ id: string }>(t.code, 'SELECT id FROM procedures WHERE tenant_id = $1 AND slug = $2', [t.code, TEN_FIELD_SLUG]);
  const exporter = { authorization: await tokenFor(['cases:export']) };
  assert.equal((await c.api('POST', '/api/v1/case-exports', { procedure: proc!.id, scope: 'new' }, read)).status, 403);
  for (const [body, field] of [[{ procedure: proc!.id, scope: 'new', encoding: 'latin1' }, 'encoding'], [{ procedure: 'x', scope: 'new' }, 'procedure'], [{ procedure: proc!.id, scope: 'period' }, 'from'], [{ procedure: proc!.id, scope: 'new', extra: 1 }, 'extra']] as const) {
    const r = await c.api('POST', '/api/v1/case-exports', body, exporter);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json().error.fields[0].field, field);
  }
  const file = await c.api('POST', '/api/v1/case-exports', { procedure: proc!.id, scope: 'new' }, exporter);
  assert.equal(file.status, 200, file.text);
  assert.match(String(file.headers['content-type']), /text\/csv; charset=utf-8/);
  assert.equal(file.headers['x-export-count'], '1');
  assert.ok(file.text.startsWith('\uFEFF'), 'UTF-8 with BOM');
  assert.match(file.text, new RegExp(made.receiptNumber));
  const batchId = String(file.headers['x-export-batch']);
  assert.equal((await c.api('POST', '/api/v1/case-exports', { procedure: proc!.id, scope: 'new' }, exporter)).status, 204);
  const again = await c.api('GET', `/api/v1/case-exports/${batchId}`, undefined, exporter);
  assert.equal(again.text, file.text);
  assert.equal(again.headers['x-export-sha256'], file.headers['x-export-sha256']);
  const batches = (await c.api('GET', '/api/v1/case-exports', undefined, exporter)).json().batches;
  assert.deepEqual(batches.map((b: { id: string }) => b.id), [batchId]);
  assert.equal(batches[0].exportedBy.kind, 'api');
  assert.equal((await other.client().api('GET', `/api/v1/case-exports/${batchId}`, undefined, { authorization: await tokenFor(['cases:export'], other) })).status, 404);
});
