/** Applying through the resident's pages with a small form of our own, for tests that need submitted applications. */
import assert from 'node:assert/strict';
import type { TestClient } from './client.ts';
import type { FormDefinition } from '../../src/modules/procedures/forms/form-definition.ts';

const t2 = (ja: string, en: string) => ({ ja, en });

/** Publish this as a procedure's form so that changes to the demo forms do not move the tests. */
export const smallTestForm: FormDefinition = {
  sections: [
    {
      id: 'applicant',
      title: t2('申請者', 'Applicant'),
      fields: [
        { name: 'applicantName', type: 'name', label: t2('氏名', 'Name'), required: true, prefill: 'name' },
        { name: 'email', type: 'email', label: t2('メールアドレス', 'E-mail') },
        { name: 'plan', type: 'choice', label: t2('希望する施設', 'Facility'), required: true, options: [{ value: 'east', label: t2('みなと野東保育園', 'East') }, { value: 'west', label: t2('みなと野西保育園', 'West') }] },
      ],
    },
    {
      id: 'children',
      title: t2('子ども', 'Children'),
      fields: [{ name: 'children', type: 'group', label: t2('子ども', 'Children'), itemLabel: t2('子ども', 'Child'), minItems: 1, maxItems: 5, fields: [{ name: 'name', type: 'name', label: t2('子どもの氏名', "Child's name"), required: true }] }],
    },
  ],
};

/** Applies for `slug` (whose current form is smallTestForm) as `client`; returns the application id. */
export async function applyWithSmallForm(client: TestClient, opts: { slug?: string; name?: string; children?: string[]; plan?: 'east' | 'west' } = {}): Promise<string> {
  const start = await client.post(`/procedures/${opts.slug ?? 'nursery-application'}/apply`);
  const id = /\/applications\/([0-9a-f-]{36})/.exec(start.location ?? '')![1]!;
  const post = (section: string, form: Record<string, string>) => client.post(`/applications/${id}/sections/${section}`, { _action: 'next', ...form });
  assert.equal((await post('applicant', { applicantName: opts.name ?? '𠮷田 花子', email: 'hanako@example.jp', plan: opts.plan ?? 'east' })).status, 303);
  const children = opts.children ?? ['髙橋 一郎', '𠮷田 次郎'];
  const kids: Record<string, string> = { 'children.count': String(children.length) };
  children.forEach((c, i) => (kids[`children.${i}.name`] = c));
  assert.equal((await post('children', kids)).status, 303);
  assert.equal((await client.post(`/applications/${id}/submit`)).location, `/applications/${id}`);
  return id;
}
