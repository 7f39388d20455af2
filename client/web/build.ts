/**
 * Builds the web app when its build is missing or older than its sources (`npm start` runs this
 * first, as `prestart`; the browser tests call `ensureWebBuild`). `--force` builds regardless.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(WEB, '..', '..');
export const WEB_DIST = join(WEB, 'dist');
const STAMP = join(WEB_DIST, '.built');
// Everything the bundle is made of: the app, the SDK and the shared contract.
const SOURCES = [join(WEB, 'src'), join(WEB, 'public'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(ROOT, 'client', 'index.ts'), join(ROOT, 'shared')];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function webBuildIsStale(): boolean {
  return !existsSync(STAMP) || Math.max(...SOURCES.map(newest)) > statSync(STAMP).mtimeMs;
}

const LOCK = join(WEB, '.build-lock');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds when stale; resolves once the build is there. One build at a time across processes (a
 * lock directory): a second caller waits, then finds the build fresh instead of emptying it.
 */
export async function ensureWebBuild(options: { force?: boolean; quiet?: boolean } = {}): Promise<void> {
  if (!options.force && !webBuildIsStale()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A build takes seconds: a lock older than two minutes was left by a process that died.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    if (!options.force && !webBuildIsStale()) return;
    const { build } = await import('vite');
    await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: options.quiet ? 'warn' : 'info' });
    writeFileSync(STAMP, new Date().toISOString());
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureWebBuild({ force: process.argv.includes('--force') }).catch((err: unknown) => {
    process.stderr.write(`The web app did not build: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
