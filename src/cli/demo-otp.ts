/**
 * npm run demo:otp [-- clerk|manager] — prints the current one-time code of a demo staff account
 * (default: the administrator), for trying the demo without an authenticator app. The demo
 * secrets are fixed and public; they exist only in the fictional demo municipality.
 */
import { currentTotpCode, DEMO_STAFF, totpSecondsRemaining } from '../modules/staff/index.ts';

const which = process.argv[2] ?? 'admin';
if (!(which in DEMO_STAFF)) {
  console.error(`Usage: npm run demo:otp [-- ${Object.keys(DEMO_STAFF).join('|')}]`);
  process.exit(64);
}
const account = DEMO_STAFF[which as keyof typeof DEMO_STAFF];
console.log(`${currentTotpCode(account.totpSecret)}  — one-time code for ${account.email}, valid for about ${totpSecondsRemaining()} more seconds (the server also accepts it for 30 seconds after that).`);
