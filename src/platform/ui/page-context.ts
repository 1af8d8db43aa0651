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
