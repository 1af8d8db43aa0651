/** Pages of the development identity provider: bilingual, no scripts, no inline styles. */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { format, type Text } from '../../../platform/i18n/index.ts';
import type { DemoPerson } from '../demo-people.ts';
import { devIdpMessages as m } from '../devidp.messages.ts';

/** Japanese first, then English marked as such for screen readers. */
function Bi({ t, params }: { t: Text; params?: Record<string, string> }) {
  return (
    <>
      {format(t.ja, params)}
      <span lang="en"> / {format(t.en, params)}</span>
    </>
  );
}

function Shell(props: { title: Text; assetVersion: string; children?: Child }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="ja">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{`${props.title.ja} / ${props.title.en}`}</title>
          <link rel="stylesheet" href={`/assets/app.css?v=${props.assetVersion}`} />
          <link rel="icon" href="data:," />
        </head>
        <body>
          <header class="site-header">
            <div class="inner">
              <span class="site-title">
                <Bi t={m.title} />
              </span>
            </div>
            <p class="notice notice-warning dev-notice">
              <Bi t={m.devNotice} />
            </p>
          </header>
          <main id="main" class="site-main">
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

const japaneseDate = (iso: string) => {
  const [y, mo, d] = iso.split('-').map(Number);
  return `${y}年${mo}月${d}日`;
};

export function ChoosePersonPage(props: { uid: string; clientName: string; people: readonly DemoPerson[]; assetVersion: string; mountPath: string; error?: boolean }) {
  const action = `${props.mountPath}/interaction/${props.uid}`;
  return (
    <Shell title={m.title} assetVersion={props.assetVersion}>
      <h1>
        <Bi t={m.choosePerson} />
      </h1>
      {props.error ? (
        <div class="notice notice-error" role="alert">
          <p>
            <Bi t={m.unknownPerson} />
          </p>
        </div>
      ) : null}
      <p>
        <Bi t={m.requestedBy} params={{ client: props.clientName }} />
      </p>
      <p>
        <strong>
          <Bi t={m.requestedItems} />
        </strong>
      </p>
      <ul class="stack">
        {props.people.map((p) => (
          <li class="card">
            <h2 lang="ja">{p.name}</h2>
            <dl class="dl">
              <dt><Bi t={m.kana} /></dt>
              <dd lang="ja">{p.nameKana}</dd>
              <dt><Bi t={m.birthdate} /></dt>
              <dd>{japaneseDate(p.birthdate)} <span lang="en">({p.birthdate})</span></dd>
              <dt><Bi t={m.gender} /></dt>
              <dd><Bi t={p.gender === 'female' ? m.female : m.male} /></dd>
              <dt><Bi t={m.address} /></dt>
              <dd lang="ja">〒{p.address.postalCode} {p.address.region}{p.address.locality}{p.address.streetAddress}</dd>
            </dl>
            <p class="muted">
              <Bi t={p.note} />
            </p>
            <form method="post" action={`${action}/choose`}>
              <input type="hidden" name="person" value={p.id} />
              <button type="submit" class="btn btn-primary">
                <Bi t={m.signInAs} params={{ name: p.name }} />
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>
        <Bi t={m.cancelTitle} />
      </h2>
      <form method="post" action={`${action}/abort`}>
        <button type="submit" class="btn btn-secondary">
          <Bi t={m.cancel} />
        </button>
      </form>
    </Shell>
  );
}

export function IdpErrorPage(props: { message: Text; params?: Record<string, string>; assetVersion: string }) {
  return (
    <Shell title={m.errorTitle} assetVersion={props.assetVersion}>
      <h1>
        <Bi t={m.errorTitle} />
      </h1>
      <p>
        <Bi t={props.message} params={props.params} />
      </p>
    </Shell>
  );
}

/** Renders a page component to a complete HTML document. */
export async function renderPage(page: Child): Promise<string> {
  return String(await (page as { toString(): string | Promise<string> }).toString());
}
