/**
 * npm run postal:import -- <KEN_ALL.CSV | utf_ken_all.csv> — loads Japan Post's national postal
 * code file (unzipped; Shift_JIS or UTF-8) so postal code → address works for every code, not only
 * the bundled ones. Run it again when Japan Post publishes a new month's file; restart the server
 * (or it picks the file up at its next start).
 */
import fs from 'node:fs';
import { ConfigError, loadConfig } from '../config.ts';
import { importPostalData } from '../modules/procedures/index.ts';

const source = process.argv[2];
if (!source || !fs.existsSync(source)) {
  console.error('Usage: npm run postal:import -- <path to KEN_ALL.CSV or utf_ken_all.csv (unzipped)>');
  process.exit(64);
}
try {
  const config = loadConfig();
  const result = importPostalData(fs.readFileSync(source), config.dataDir);
  console.log(`Imported ${result.records} records (${result.codes} postal codes) into ${result.file}.`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `postal:import failed: ${(err as Error).message}`);
  process.exit(1);
}
