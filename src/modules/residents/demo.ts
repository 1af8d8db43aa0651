import type { Deps } from '../../platform/http/index.ts';
import { devIdpIssuer } from '../devidp/index.ts';
import { registerResidentIdpClient } from './idp-client.ts';

/**
 * Makes the demo municipality's residents able to sign in: registers it with the development
 * identity provider, whose demo people are the residents. Idempotent; does nothing without DEV_IDP.
 */
export async function seedDemoResidents(deps: Deps, tenantCode: string): Promise<void> {
  if (!deps.config.DEV_IDP) return;
  await registerResidentIdpClient(deps, tenantCode, devIdpIssuer(deps.config.PUBLIC_URL));
}
