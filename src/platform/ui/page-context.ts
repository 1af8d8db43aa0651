import type { Locale, Text } from '../i18n/index.ts';

/** What every page needs to render its shell, taken from the request by the HTTP layer. */
export interface PageContext {
  locale: Locale;
  path: string;
  csrfToken: string;
  tenantName: { ja: string; en: string };
  /** Set when a resident is signed in. */
  resident?: { displayName: string } | undefined;
  /** Set when staff are signed in (second factor passed). */
  staff?: { displayName: string; isAdmin: boolean } | undefined;
  /** Shows the development notice in the header. */
  devNotice: boolean;
  /** Version tag appended to asset URLs so browsers refetch after an upgrade. */
  assetVersion: string;
  /** Services the deployment's modules offer, for the resident and staff home pages. */
  services: Navigation;
  /** Site-wide banners (emergency alerts) shown at the top of every page, resident and staff. */
  banners?: SiteBanner[] | undefined;
}

/**
 * A site-wide banner a module asks every page to show (the DADS emergency banner pattern): what
 * it is, where, when, and a link to the full text. Modules provide them through ModuleRoutes.banner.
 */
export interface SiteBanner {
  /** emergency: a real alert (red); drill: an exercise or test, always shown with its `tag`. */
  tone: 'emergency' | 'drill';
  /** A label before the heading, e.g. 【訓練】; required for drills. */
  tag?: Text | undefined;
  heading: Text;
  /** Short facts under the heading (areas, time issued). */
  lines: Text[];
  href: string;
  linkText: Text;
}

/** A service a module offers, shown as a card on a home page. */
export interface ServiceLink {
  href: string;
  title: Text;
  description: Text;
}

export interface Navigation {
  resident: ServiceLink[];
  staff: ServiceLink[];
}
