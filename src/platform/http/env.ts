import type { Config } from '../../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { Db } from '../db/index.ts';
import type { Locale } from '../i18n/index.ts';
import type { Mailer } from '../mail/index.ts';
import type { Navigation, SiteBanner } from '../ui/index.ts';
import type { Worker } from '../jobs/index.ts';
import type { Logger, Metrics } from '../observability/index.ts';
import type { Tenant } from '../tenancy/index.ts';
import type { SessionRecord } from '../auth/sessions.ts';
import type { StaffPrincipal } from '../auth/staff-principal.ts';
import type { ApiPrincipal } from './api.ts';

/** Everything a request handler may use; built once in main.ts (or per test). */
export interface Deps {
  config: Config;
  db: Db;
  keyring: Keyring;
  mailer: Mailer;
  log: Logger;
  metrics: Metrics;
  /** Changes when the code changes; appended to asset URLs. */
  assetVersion: string;
  /** The services the mounted modules offer (home-page cards). */
  navigation: Navigation;
  /** The background worker; call nudge() after enqueueing work that should start at once. */
  worker: Worker;
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    log: Logger;
    tenant: Tenant;
    locale: Locale;
    csrfToken: string;
    residentSession: SessionRecord | null;
    staffSession: SessionRecord | null;
    /** The signed-in staff member, set only once the second factor has passed. */
    staffPrincipal: StaffPrincipal | null;
    /** The system calling /api, once its bearer token is verified. */
    apiPrincipal: ApiPrincipal | null;
    /** Why a session cookie was present but no longer valid ('expired'), for a friendly message. */
    sessionEnded: 'expired' | null;
    /** An extra origin this response's CSP allows in img-src (a map's tile server); unset: none. */
    cspImgSrc?: string;
    /** Site-wide banners the modules' banner providers returned for this request (pages render them). */
    banners?: SiteBanner[];
    /** Set by routes that serve uploaded files: the CSP gains `sandbox`, so the file cannot act as a page of the site. */
    cspSandbox?: boolean;
  };
}
