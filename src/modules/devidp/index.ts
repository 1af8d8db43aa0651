/**
 * The development identity provider: a stand-in for the national sign-in (デジタル認証アプリ) at
 * /dev-idp, so residents can sign in "with the card" on a laptop. Development and tests only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../../platform/http/index.ts';
import { interactionHandler } from './interactions.ts';
import { createDevProvider } from './provider.ts';

export { demoPeople, demoPersonClaims, findDemoPerson, type DemoPerson } from './demo-people.ts';

const MOUNT_PATH = '/dev-idp';

/** The issuer identifier of the development provider for a given PUBLIC_URL. */
export function devIdpIssuer(publicUrl: string): string {
  return `${new URL(publicUrl).origin}${MOUNT_PATH}`;
}

/**
 * Builds the provider and returns a node request handler for every path under /dev-idp.
 * Throws in production (configuration refuses DEV_IDP there as well: defence in depth).
 */
export async function mountDevIdentityProvider(deps: Deps): Promise<(req: IncomingMessage, res: ServerResponse) => void> {
  if (deps.config.YAKUBA_ENV === 'production') throw new Error('the development identity provider refuses to run in production');
  const provider = await createDevProvider(deps, devIdpIssuer(deps.config.PUBLIC_URL), MOUNT_PATH);
  const providerHandler = provider.callback();
  const interactions = interactionHandler(deps, provider, MOUNT_PATH);
  return (req, res) => {
    const url = req.url ?? MOUNT_PATH;
    if (url.startsWith(`${MOUNT_PATH}/interaction/`)) {
      void interactions(req, res);
      return;
    }
    // oidc-provider derives its mount path from originalUrl minus url, like an Express sub-app.
    Object.assign(req, { originalUrl: url });
    req.url = url.slice(MOUNT_PATH.length) || '/';
    void providerHandler(req, res);
  };
}
