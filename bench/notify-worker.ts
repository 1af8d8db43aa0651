/**
 * Child-process entry of the notify crash test and the benchmark: the whole platform with its worker,
 * configured from the environment. Prints "ready" once the worker runs; SIGTERM stops it cleanly,
 * SIGKILL is the crash being tested.
 */
import { loadConfig } from '../src/config.ts';
import { startPlatform } from '../src/server.ts';

const platform = await startPlatform(loadConfig(process.env));
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void platform.close().then(() => process.exit(0));
});
