/**
 * Residents: sign-in like the national デジタル認証アプリ (My Number Card, assurance level 2) or with
 * an e-mail one-time code (level 1), the resident session, and マイページ.
 */
import { residentRoutes } from './residents.routes.tsx';

export const residentsModule = { routes: residentRoutes };

export { requireResident } from './residents.policy.ts';
export { readResidentProfile, type ResidentProfile, type SignInMethod } from './residents.service.ts';
export { registerResidentIdpClient } from './idp-client.ts';
export { seedDemoResidents } from './demo.ts';
export { formatBirthdate } from './japanese-date.ts';
