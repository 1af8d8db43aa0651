/** Start: configuration → platform → listen; graceful shutdown on SIGTERM/SIGINT. */
import { ConfigError, loadConfig } from './config.ts';
import { startPlatform } from './server.ts';

const started = performance.now();
let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}

let platform: Awaited<ReturnType<typeof startPlatform>>;
try {
  platform = await startPlatform(config);
} catch (err) {
  // The port is the one setting another program can take away: say so plainly, not as a stack trace.
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const where = `${config.HOST}:${config.PORT}`;
    console.error(
      code === 'EADDRINUSE'
        ? `PORT: ${where} は別のプログラムが使用中です。そのプログラムを止めるか、別の番号で起動してください（例: PORT=3001 npm start）。\nPORT: ${where} is already in use. Stop the other program or start on another port (for example PORT=3001 npm start).`
        : `PORT: ${where} を開く権限がありません。1024 以上の番号を指定してください（例: PORT=3000 npm start）。\nPORT: no permission to listen on ${where}. Use a port of 1024 or above (for example PORT=3000 npm start).`,
    );
    process.exit(78);
  }
  throw err;
}
const { log } = platform.deps;
const readyMs = Math.round(performance.now() - started);
log.info({ url: config.PUBLIC_URL, database: platform.deps.db.kind, readyMs }, 'yakuba is ready');

const lines = [
  '',
  `  yakuba is running at ${config.PUBLIC_URL}  (ready in ${readyMs} ms, database: ${platform.deps.db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
];
if (platform.demo) {
  const d = platform.demo;
  lines.push(
    `  Demo municipality: ${d.tenantName} (code ${d.tenantCode}, fictional)`,
    `  Residents:  ${config.PUBLIC_URL}/login  → "マイナンバーカードでサインイン" → choose a demo person`,
    `  Staff:      ${config.PUBLIC_URL}/staff/login`,
    `    administrator ${d.adminEmail} / password ${d.adminPassword}`,
    `    second factor: TOTP secret ${d.adminTotpSecret} (add it to an authenticator app, or run: npm run demo:otp)`,
    `  Mail is not sent in development: read it at ${config.PUBLIC_URL}/dev/mailbox`,
  );
}
lines.push('');
console.log(lines.join('\n'));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const timer = setTimeout(() => process.exit(1), 15_000);
  timer.unref();
  await platform.close();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
