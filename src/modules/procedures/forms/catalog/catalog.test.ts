/**
 * The forms catalog: every seeded procedure has its own form, every form passes the structural
 * check, every form can be filled in, and re-seeding an existing database publishes new versions
 * without touching the old ones.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../../../test/support/platform.ts';
import { buildTenant } from '../../../../../test/support/factories.ts';
import { withTenant } from '../../../../platform/tenancy/index.ts';
import { demoProcedures, seedDemoProcedures } from '../../procedures.seed.ts';
import { saveProcedure } from '../../procedures.service.ts';
import { demoFormFor, generalForm } from '../demo-forms.ts';
import type { FieldDef, FormDefinition } from '../form-definition.ts';
import { checkFormStructure, conditionValues } from '../form-structure.ts';
import { checkForm } from '../form-validation.ts';
import { currentForm, formVersion, publishForm } from '../forms.service.ts';
import { catalogForms } from './index.ts';

const slugs = demoProcedures().map((p) => p.slug);

test('every seeded procedure has its own realistic form; none uses the general form', () => {
  assert.equal(slugs.length, 28);
  for (const slug of slugs) {
    const form = demoFormFor(slug);
    assert.notEqual(form, generalForm, `${slug} still uses the general form`);
    assert.ok(form.sections.length >= 3, `${slug}: at least applicant, details and declaration`);
  }
  assert.deepEqual(Object.keys(catalogForms).filter((s) => !slugs.includes(s)), [], 'no catalog form without a procedure');
  assert.equal(new Set(slugs.map((s) => demoFormFor(s))).size, 28, 'no two procedures share a form');
});

test('every catalog form passes the structural check, and the check names section and field', () => {
  for (const slug of slugs) assert.deepEqual(checkFormStructure(demoFormFor(slug)), [], slug);
  assert.deepEqual(checkFormStructure(generalForm), []);

  const broken: FormDefinition = {
    sections: [
      { id: 'a', title: { ja: '申請者', en: 'Applicant' }, fields: [
        { name: 'x', type: 'text', label: { ja: '項目', en: '' } },
        { name: 'x', type: 'choice', label: { ja: '選択', en: 'Pick' }, options: [{ value: 'one', label: { ja: '一', en: 'One' } }] },
        { name: 'y', type: 'text', label: { ja: '条件付き', en: 'Conditional' }, showIf: { field: 'nope', in: ['yes'] } },
        { name: 'z', type: 'text', label: { ja: '条件付き2', en: 'Conditional 2' }, requiredIf: { field: 'y', in: ['a'] } },
        { name: 'g', type: 'group', label: { ja: 'グループ', en: 'Group' }, fields: [] },
      ] },
      { id: 'a', title: { ja: '', en: 'Empty' }, fields: [] },
    ],
  };
  const problems = checkFormStructure(broken);
  const find = (re: RegExp) => problems.find((p) => re.test(p.message.ja));
  assert.ok(find(/セクション「申請者」の項目「項目」: 表示名を日本語と英語/), 'missing English label');
  assert.ok(find(/項目名「x」がフォーム内で重複/), 'duplicate name');
  assert.ok(find(/選択肢を2つ以上/), 'too few options');
  assert.ok(find(/表示条件が参照する項目「nope」がありません/), 'dangling showIf');
  assert.ok(find(/必須条件が参照する項目「条件付き」は選択肢/), 'condition on a text field');
  assert.ok(find(/グループの中に項目が1つもありません/), 'empty group');
  assert.ok(find(/ID「a」が重複/), 'duplicate section id');
  assert.ok(find(/項目が1つもありません/), 'empty section');
  for (const p of problems) assert.ok(p.message.en.length > 0 && p.sectionId, JSON.stringify(p));
  assert.ok(problems.find((p) => p.field === 'y')?.message.en.includes('“nope”, which does not exist'));
});

/** A plausible answer for a field of each type, within its limits. */
function sample(f: FieldDef): string {
  const dayOffset = Math.max(f.min ?? -10_000, Math.min(f.max ?? 10_000, Math.round(((f.min ?? -3650) + (f.max ?? 0)) / 2)));
  switch (f.type) {
    case 'name': return '港 花子';
    case 'kana': return 'ミナト ハナコ';
    case 'date': return new Date(Date.now() + dayOffset * 86_400_000).toISOString().slice(0, 10);
    case 'postalCode': return '123-4567';
    case 'phone': return '090-1234-5678';
    case 'email': return 'hanako@example.jp';
    case 'number': return String(Math.max(f.min ?? 0, Math.min(f.max ?? 10, 1)));
    case 'choice': case 'yesno': case 'consent': return conditionValues(f)[0]!;
    default: return [...'みなと野市中央1-2-3'].slice(0, f.maxLength ?? 100).join('');
  }
}

/** Answers every field, taking each choice's first value, so the first branch of every condition is filled. */
function fill(fields: FieldDef[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f.type !== 'file' && f.type !== 'bankAccount').map((f) => [f.name, f.type === 'group' ? [fill(f.fields ?? [])] : sample(f)]));
}

test('every catalog form can be filled in: plausible answers pass the same check as at submission', () => {
  for (const slug of slugs) {
    const form = demoFormFor(slug);
    const result = checkForm(form, fill(form.sections.flatMap((s) => s.fields)));
    // Attachments and bank accounts are checked against the attachment store and the bank code list.
    const composite = new Set(form.sections.flatMap((s) => s.fields).filter((f) => f.type === 'file' || f.type === 'bankAccount').map((f) => f.name));
    const errors = result.ok ? [] : result.errors.filter((e) => !composite.has(e.field.split('.')[0]!));
    assert.deepEqual(errors, [], slug);
  }
});

let p: TestPlatform;
before(async () => {
  p = await startTestPlatform();
});
after(() => p.stop());

test('seeding a database that still has the general forms publishes each catalog form as a new version, once', async () => {
  const tenant = await buildTenant(p);
  await seedDemoProcedures(p.deps, tenant.code);
  // Roll the published forms back to the state of an older ./data: every procedure on the general form.
  const ids = await withTenant(p.deps.db, tenant.code, async (tx) => {
    const out: Record<string, string> = {};
    const [dept] = await tx.query<{ id: string }>('SELECT id FROM departments WHERE tenant_id = $1 LIMIT 1', [tenant.code]);
    for (const proc of demoProcedures()) {
      const { department: _unused, ...input } = proc;
      out[proc.slug] = await saveProcedure(tx, tenant.code, { ...input, departmentId: dept!.id });
      await publishForm(tx, tenant.code, out[proc.slug]!, generalForm);
    }
    return out;
  });
  const before = await withTenant(p.deps.db, tenant.code, async (tx) => Object.fromEntries(await Promise.all(slugs.map(async (s) => [s, (await currentForm(tx, tenant.code, ids[s]!))!.version] as const))));

  await seedDemoProcedures(p.deps, tenant.code);
  await seedDemoProcedures(p.deps, tenant.code);

  await withTenant(p.deps.db, tenant.code, async (tx) => {
    for (const slug of slugs) {
      const now = (await currentForm(tx, tenant.code, ids[slug]!))!;
      assert.equal(now.version, before[slug]! + 1, `${slug}: one new version, and a second seed adds none`);
      assert.deepEqual(now.definition, JSON.parse(JSON.stringify(demoFormFor(slug))));
      assert.deepEqual(await formVersion(tx, tenant.code, ids[slug]!, before[slug]!), JSON.parse(JSON.stringify(generalForm)), `${slug}: the old version is unchanged`);
    }
  });
});
