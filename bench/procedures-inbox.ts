/**
 * npm run bench:procedures-inbox — the staff inbox with 100,000 cases in one municipality
 * (target: p99 ≤ 100 ms), filtered and paged, measured over HTTP as a signed-in administrator
 * (session, RLS transaction, query, rendering). Baseline in the same run: the bare page query
 * (`SELECT … ORDER BY submitted_at DESC LIMIT 50`) on the same table, without joins or rendering.
 * Uses PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise.
 */
import http from 'node:http';
import { startTestPlatform } from '../test/support/platform.ts';
import { buildTenant } from '../test/support/factories.ts';
import { buildStaff, signInStaff } from '../test/support/staff.ts';
import { signInResidentByCard } from '../test/support/residents.ts';
import { withTenant } from '../src/platform/tenancy/index.ts';
import { seedDemoProcedures } from '../src/modules/procedures/index.ts';
import { nameSearchToken } from '../src/modules/procedures/cases/search-tokens.ts';
import { fmt, summary } from './opendata-support.ts';

const CASES = 100_000;
const REQUESTS = 200;
const p = await startTestPlatform();
const t = await buildTenant(p);
await seedDemoProcedures(p.deps, t.code);
const resident = t.client();
const { residentId } = await signInResidentByCard(p, t, resident);
const admin = t.client();
const adminStaff = await buildStaff(p, t, { roles: [{ role: 'admin', departmentId: null }] });
await signInStaff(admin, adminStaff);
// Cases are spread over 5,000 applicant names (20 cases each): the name search finds 20.
const NAMES = 5_000;

const l0 = performance.now();
await withTenant(p.deps.db, t.code, async (tx) => {
  const cipher = await p.deps.keyring.forTenant(tx, t.code);
  const answers = cipher.encrypt('applications.answers', JSON.stringify({ applicantName: 'ベンチ 太郎' }));
  await tx.query(
    `INSERT INTO applications (tenant_id, procedure_id, form_version, resident_id, status, answers_enc, receipt_number, duplicate_of, submitted_at, created_at, updated_at)
     SELECT $1, p.id, 1, $2, (ARRAY['submitted','submitted','correction_requested','accepted','rejected','withdrawn'])[1 + g % 6], $3,
            '2025-' || lpad(g::text, 6, '0'), NULL, now() - (g || ' minutes')::interval, now(), now()
     FROM generate_series(1, $4) AS g
     JOIN LATERAL (SELECT id FROM procedures WHERE tenant_id = $1 ORDER BY sort_order OFFSET (g % 28) LIMIT 1) p ON true`,
    [t.code, residentId, answers, CASES],
  );
  // A third of the cases are assigned to the administrator; every case has its name's search tokens.
  await tx.query("UPDATE applications SET assignee_id = $2 WHERE tenant_id = $1 AND status <> 'draft' AND right(receipt_number, 1) IN ('0', '3', '6')", [t.code, adminStaff.id]);
  const tokens = Array.from({ length: NAMES }, (_, k) => nameSearchToken(cipher, `ベンチ${k}`)!);
  await tx.query(
    `UPDATE applications SET name_tokens = ARRAY[($2::text[])[1 + (substr(receipt_number, 6)::int % $3)]] WHERE tenant_id = $1 AND status <> 'draft'`,
    [t.code, tokens, NAMES],
  );
});
// As autovacuum would after a bulk load (the application role may not ANALYZE; the owner may).
await p.deps.db.query('ANALYZE applications');
console.log(`database: ${p.deps.db.kind}; ${CASES} cases loaded in ${((performance.now() - l0) / 1000).toFixed(1)} s`);

const [ids] = await withTenant(p.deps.db, t.code, (tx) =>
  tx.query<{ procedure: string; department: string }>("SELECT p.id AS procedure, p.department_id AS department FROM procedures p WHERE tenant_id = $1 AND slug = 'child-allowance-claim'", [t.code]),
);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
function get(path: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http.get(new URL(path, p.url), { agent, headers: { host: t.hosts[0]!, cookie, accept: 'text/html' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    }).on('error', reject);
  });
}

const month = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
const cases: [string, string][] = [
  ['no filter, first page', '/staff/cases'],
  ['status=submitted', '/staff/cases?status=submitted'],
  ['one procedure', `/staff/cases?procedure=${ids!.procedure}`],
  ['one department + status', `/staff/cases?department=${ids!.department}&status=submitted`],
  ['period (one day, 40 days ago)', `/staff/cases?from=${month}&to=${month}`],
  ['page 21 (offset 1,000)', '/staff/cases?offset=1000'],
  ['possible duplicates (none)', '/staff/cases?duplicates=1'],
  ['status=correction_requested', '/staff/cases?status=correction_requested'],
  ['assigned to me', '/staff/cases?assignee=me'],
  ['unassigned + one procedure', `/staff/cases?assignee=none&procedure=${ids!.procedure}`],
  ['search: receipt number', `/staff/cases?q=${encodeURIComponent('2025-054321')}`],
  ['search: applicant name (blind index, 20 hits)', `/staff/cases?q=${encodeURIComponent('ベンチ4321')}`],
];
const rows: string[] = [];
for (const [label, path] of cases) {
  for (let i = 0; i < 10; i++) await get(path);
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const r = await get(path);
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    ms.push(r.ms);
  }
  const s = summary(ms);
  rows.push(`| ${label} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} |`);
}
const base: number[] = [];
for (let i = 0; i < REQUESTS; i++) {
  const s0 = performance.now();
  await withTenant(p.deps.db, t.code, (tx) => tx.query("SELECT id, receipt_number FROM applications WHERE tenant_id = $1 AND status <> 'draft' ORDER BY submitted_at DESC LIMIT 50", [t.code]));
  base.push(performance.now() - s0);
}
const b = summary(base);
console.log(`\n### Staff inbox, ${CASES.toLocaleString('en')} cases (${p.deps.db.kind}), ${REQUESTS} sequential requests each\n`);
console.log('| filter | p50 | p99 | max |\n| --- | --- | --- | --- |');
for (const r of rows) console.log(r);
console.log(`| baseline: bare page query in a tenant transaction | ${fmt(b.p50)} | ${fmt(b.p99)} | ${fmt(b.max)} |`);
agent.destroy();
await p.stop();
