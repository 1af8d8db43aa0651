/** マイページ: who is signed in, how, and what that allows. */
import type { Assurance } from '../../../platform/auth/index.ts';
import { PostButton, ResidentLayout, tx, type PageContext } from '../../../platform/ui/index.ts';
import { formatBirthdate } from '../japanese-date.ts';
import { residentMessages as m } from '../residents.messages.ts';
import type { ResidentProfile } from '../residents.service.ts';

export function MyPage(props: { ctx: PageContext; profile: ResidentProfile; sessionAssurance: Assurance }) {
  const { ctx, profile } = props;
  const l = ctx.locale;
  const byCard = props.sessionAssurance >= 2;
  const cardItem = (value: string | null) => value ?? <span class="muted">{tx(m.cardOnlyItem, l)}</span>;
  const gender = profile.gender === 'female' ? tx(m.female, l) : profile.gender === 'male' ? tx(m.male, l) : profile.gender;
  return (
    <ResidentLayout ctx={ctx} title={tx(m.myPageTitle, l)}>
      <h1>{tx(m.myPageTitle, l)}</h1>
      <p>{tx(m.myPageLead, l)}</p>

      <h2>{tx(m.profileTitle, l)}</h2>
      <dl class="dl">
        <dt>{tx(m.name, l)}</dt>
        <dd lang="ja">{cardItem(profile.name)}</dd>
        <dt>{tx(m.address, l)}</dt>
        <dd lang="ja">{cardItem(profile.address)}</dd>
        <dt>{tx(m.birthdate, l)}</dt>
        <dd>{cardItem(profile.birthdate ? formatBirthdate(profile.birthdate, l) : null)}</dd>
        <dt>{tx(m.gender, l)}</dt>
        <dd>{cardItem(gender)}</dd>
        <dt>{tx(m.email, l)}</dt>
        <dd>{profile.email ?? <span class="muted">{tx(m.notRecorded, l)}</span>}</dd>
      </dl>

      <h2>{tx(m.signInStatusTitle, l)}</h2>
      <dl class="dl">
        <dt>{tx(m.signInMethodTitle, l)}</dt>
        <dd>{tx(byCard ? m.methodCard : m.methodEmail, l)}</dd>
        <dt>{tx(m.assuranceLevel, l)}</dt>
        <dd>
          <span class={`badge ${byCard ? 'badge-high' : 'badge-low'}`}>{tx(byCard ? m.assuranceCard : m.assuranceEmail, l)}</span>
        </dd>
      </dl>
      <p>{tx(byCard ? m.assuranceCardExplain : m.assuranceEmailExplain, l)}</p>
      {byCard ? null : (
        <div class="actions">
          <a class="btn btn-secondary" href="/auth/card/start?next=%2Fmypage">{tx(m.upgradeToCard, l)}</a>
        </div>
      )}

      <h2>{tx(m.signOut, l)}</h2>
      <p>{tx(m.signOutHint, l)}</p>
      <PostButton action="/logout" csrf={ctx.csrfToken} label={tx(m.signOut, l)} />
    </ResidentLayout>
  );
}
