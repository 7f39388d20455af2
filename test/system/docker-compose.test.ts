import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { ROOT } from '../support/processes.js';
import { SYSTEM_TEST_TIMEOUT_MS } from '../support/timeouts.js';

const run = promisify(execFile);

/** `docker-compose config` (Debian's docker-compose checks the file; no engine is needed). */
async function composeConfig(env: Record<string, string> = {}, ...args: string[]) {
  return run('docker-compose', ['-f', 'docker-compose.yml', 'config', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
}

/** The environment block of one service in `docker-compose config` output. */
function environmentOf(yaml: string, service: string): Record<string, string> {
  const block = yaml.split(/\n  (?=\S)/).find((b) => b.startsWith(`${service}:`)) ?? '';
  const env = block.split('\n    environment:\n')[1]?.split(/\n    \S/)[0] ?? '';
  return Object.fromEntries(
    env
      .split('\n')
      .map((line) => /^ {6}(\w+): (.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!.replace(/^'(.*)'$/, '$1')]),
  );
}

describe('docker-compose.yml', { timeout: SYSTEM_TEST_TIMEOUT_MS }, () => {
  it('validates, with MongoDB, Redis, two chat replicas and a load balancer', async () => {
    const { stdout } = await composeConfig({}, '--services');
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual(['chat1', 'chat2', 'lb', 'mongo', 'redis']);
  });

  it('gives the replicas an environment the server accepts once JWT_SECRET and MESSAGE_ENCRYPTION_KEY are set, and refuses the placeholders', async () => {
    const secret = 'a-real-secret-of-more-than-32-characters-0123';
    const { stdout } = await composeConfig({ JWT_SECRET: secret, MESSAGE_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    for (const service of ['chat1', 'chat2']) {
      const env = environmentOf(stdout, service);
      const config = loadConfig(env);
      expect(config).toMatchObject({ production: true, port: 3000, redisUrl: 'redis://redis:6379' });
      expect(config.mongodbUri).toMatch(/replicaSet=rs0/);
      expect(config.jwt).toMatchObject({ mode: 'hs256', secret });
      expect(config.encryptionKeys).toHaveLength(1);
    }
    const placeholder = environmentOf((await composeConfig()).stdout, 'chat1');
    expect(() => loadConfig(placeholder)).toThrow(ConfigError);
    expect(() => loadConfig(placeholder)).toThrow(/JWT_SECRET/);
    const keyPlaceholder = environmentOf((await composeConfig({ JWT_SECRET: secret })).stdout, 'chat1');
    expect(() => loadConfig(keyPlaceholder)).toThrow(/MESSAGE_ENCRYPTION_KEY/);
  });
});
