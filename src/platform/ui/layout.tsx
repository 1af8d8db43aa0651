import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { tx } from './components.tsx';
import { uiMessages as m } from './messages.ts';
import type { PageContext } from './page-context.ts';

function LanguageSwitch({ ctx }: { ctx: PageContext }) {
  const to = ctx.locale === 'ja' ? 'en' : 'ja';
  return (
    <a href={`/lang/${to}?next=${encodeURIComponent(ctx.path)}`} lang={to} hreflang={to} aria-label={tx(m.switchLanguageLabel, ctx.locale)}>
      {tx(m.switchLanguage, ctx.locale)}
    </a>
  );
}

function Head({ ctx, title, alternates }: { ctx: PageContext; title: string; alternates?: Alternate[] | undefined }) {
  const site = tx(ctx.tenantName, ctx.locale);
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title === site ? site : `${title} | ${site}`}</title>
      <link rel="stylesheet" href={`/assets/app.css?v=${ctx.assetVersion}`} />
      <link rel="icon" href="data:," />
      {(alternates ?? []).map((f) => (
        <link rel="alternate" type={f.type} href={f.href} title={f.title} />
      ))}
    </head>
  );
}

function NavLink({ ctx, href, label }: { ctx: PageContext; href: string; label: string }) {
  return (
    <li>
      <a href={href} aria-current={ctx.path === href ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
}

function Footer({ ctx }: { ctx: PageContext }) {
  return (
    <footer class="site-footer">
      <div class="inner">
        <ul>
          <li><a href="/accessibility">{tx(m.accessibility, ctx.locale)}</a></li>
          <li><a href="/privacy">{tx(m.privacy, ctx.locale)}</a></li>
          <li><a href="/staff">{tx(m.staffSignIn, ctx.locale)}</a></li>
        </ul>
        <p class="muted">© {tx(ctx.tenantName, ctx.locale)} · {tx(m.poweredBy, ctx.locale)}</p>
      </div>
    </footer>
  );
}

/**
 * Site-wide banners (the DADS emergency banner): first on the page after the skip link, in their
 * own labelled landmark, each with its tag (訓練/テスト), heading, facts and a link to the details.
 */
function SiteBanners({ ctx }: { ctx: PageContext }) {
  const banners = ctx.banners ?? [];
  if (!banners.length) return null;
  return (
    <aside class="site-banners" aria-label={tx(m.siteBanners, ctx.locale)}>
      {banners.map((b) => (
        <div class={`emergency-banner emergency-banner-${b.tone}`}>
          <div class="inner">
            <h2 class="emergency-banner-heading">
              {b.tag ? <span class="emergency-banner-tag">{tx(b.tag, ctx.locale)}</span> : null}
              {tx(b.heading, ctx.locale)}
            </h2>
            {b.lines.map((l) => (
              <p class="emergency-banner-line">{tx(l, ctx.locale)}</p>
            ))}
            <p class="emergency-banner-link">
              <a href={b.href}>{tx(b.linkText, ctx.locale)}</a>
            </p>
          </div>
        </div>
      ))}
    </aside>
  );
}

interface LayoutProps {
  ctx: PageContext;
  title: string;
  children?: Child;
  /** Island scripts (built from src/platform/ui/client/<name>.ts) this page enhances itself with. */
  scripts?: string[];
  /** Other representations of the page announced in the head, e.g. RSS and Atom feeds. */
  alternates?: Alternate[];
}

export interface Alternate {
  href: string;
  type: string;
  title: string;
}

/** The document both shells share: head, skip link, banner with the given title link and menu, main, footer. */
function Shell(props: LayoutProps & { headerClass: string; titleHref: string; titleText: string; menu: Child }) {
  const { ctx } = props;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={ctx.locale}>
        <Head ctx={ctx} title={props.title} alternates={props.alternates} />
        <body>
          <a class="skip-link" href="#main">{tx(m.skipToContent, ctx.locale)}</a>
          <SiteBanners ctx={ctx} />
          <header class={props.headerClass}>
            <div class="inner">
              <a class="site-title" href={props.titleHref}>{props.titleText}</a>
              <nav class="site-nav" aria-label={tx(m.siteNav, ctx.locale)}>
                <ul>
                  {props.menu}
                  <li><LanguageSwitch ctx={ctx} /></li>
                </ul>
              </nav>
            </div>
            {/* Inside the banner landmark, so that all content is in a landmark (axe "region"). */}
            {ctx.devNotice ? <p class="notice notice-warning dev-notice">{tx(m.testEnvironment, ctx.locale)}</p> : null}
          </header>
          <main id="main" class="site-main" tabindex={-1}>
            {props.children}
          </main>
          <Footer ctx={ctx} />
          {(props.scripts ?? []).map((s) => (
            <script type="module" src={`/assets/js/${s}.js?v=${ctx.assetVersion}`} />
          ))}
        </body>
      </html>
    </>
  );
}

/** The resident-facing shell: header with the municipality, navigation and language switch. */
export function ResidentLayout(props: LayoutProps) {
  const { ctx } = props;
  return (
    <Shell
      {...props}
      headerClass="site-header"
      titleHref="/"
      titleText={tx(ctx.tenantName, ctx.locale)}
      menu={
        <>
          <NavLink ctx={ctx} href="/" label={tx(m.home, ctx.locale)} />
          {ctx.resident ? <NavLink ctx={ctx} href="/mypage" label={tx(m.myPage, ctx.locale)} /> : <NavLink ctx={ctx} href="/login" label={tx(m.signIn, ctx.locale)} />}
        </>
      }
    />
  );
}

/** The staff back-office shell. */
export function StaffLayout(props: LayoutProps) {
  const { ctx } = props;
  return (
    <Shell
      {...props}
      headerClass="site-header staff-header"
      titleHref="/staff"
      titleText={`${tx(ctx.tenantName, ctx.locale)} ${tx(m.staffArea, ctx.locale)}`}
      menu={
        <>
          {ctx.staff ? <NavLink ctx={ctx} href="/staff" label={tx(m.staffHome, ctx.locale)} /> : null}
          {ctx.staff?.isAdmin ? <NavLink ctx={ctx} href="/staff/admin" label={tx(m.admin, ctx.locale)} /> : null}
          {ctx.staff ? <NavLink ctx={ctx} href="/staff/account" label={ctx.staff.displayName} /> : null}
        </>
      }
    />
  );
}
