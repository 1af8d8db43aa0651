/** Shared start-up for command-line tools: configuration, database, keys; clear errors, exit codes. */
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { migrate, type Db } from '../platform/db/index.ts';
import type { Keyring } from '../platform/crypto/index.ts';
import { keyringFor, openDatabase } from '../server.ts';

export interface CliContext {
  config: Config;
  db: Db;
  keyring: Keyring;
}

/** Parses --name value pairs and bare words. */
export function parseArgs(argv: string[]): { flags: Record<string, string>; words: string[] } {
  const flags: Record<string, string> = {};
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) flags[k] = v;
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags[k] = argv[++i]!;
      else flags[k] = 'true';
    } else words.push(a);
  }
  return { flags, words };
}

export class UsageError extends Error {}

/** Runs a command with configuration and database open; prints errors plainly and sets the exit code. */
export async function runCli(fn: (ctx: CliContext) => Promise<number | void>, opts: { migrate?: boolean } = {}): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    process.exit(78);
  }
  const db = await openDatabase(config);
  let code: number;
  try {
    if (opts.migrate !== false) await migrate(db);
    code = (await fn({ config, db, keyring: keyringFor(config) })) ?? 0;
  } catch (err) {
    console.error(err instanceof UsageError ? `Usage error: ${err.message}` : `Error: ${err instanceof Error ? err.message : String(err)}`);
    code = err instanceof UsageError ? 64 : 1;
  } finally {
    await db.close();
  }
  process.exit(code);
}
