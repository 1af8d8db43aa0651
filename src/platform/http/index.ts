export { createApp, navigationOf, type ModuleRoutes } from './app.ts';
export { assetRoutes, buildDir, loadAssets } from './assets.ts';
export { audit, clientIp, pageContext, rateLimit, safeNext, seeOther, tenantTx, tenantTxWithCipher, type Ctx } from './context.ts';
export type { AppEnv, Deps } from './env.ts';
export { renderError } from './error-pages.tsx';
export { cookieNames, isSecure } from './pipeline.ts';
export { hitRateLimit, purgeRateLimits, type Limit } from './rate-limit.ts';
export { apiAuthentication, apiRouter, requireScope, TOKEN_PATTERN, type ApiPrincipal } from './api.ts';
