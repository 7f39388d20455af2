import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../server/auth/tokens.js';
import { TEST_KEYS } from '../support/cluster.js';
import { ROOT, freePort, startServerProcess } from '../support/processes.js';
import { TEST_JWT, connectSocket, ok } from '../support/server.js';
import { SYSTEM_TEST_TIMEOUT_MS } from '../support/timeouts.js';

const run = promisify(execFile);

describe('the embedded default and the token script', { timeout: SYSTEM_TEST_TIMEOUT_MS }, () => {
  it('starts with no configuration, says so loudly, accepts `npm run token` tokens, and stops on SIGTERM', async () => {
    const port = await freePort();
    const server = startServerProcess({ PORT: String(port), HOST: '127.0.0.1' });
    try {
      await server.waitForOutput('"msg":"listening"');
      await server.waitForOutput('LOST when it stops');
      expect(server.output()).toMatch(/in-memory store/);
      expect(server.output()).toContain('npm run token -- --role mentee --sub alice --name Alice');

      const { stdout } = await run('npm', ['run', 'token', '--', '--role', 'mentee', '--sub', 'alice', '--name', 'Alice'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      });
      const lines = stdout.split('\n').filter(Boolean);
      const token = lines.at(-1)!;
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

      const socket = await connectSocket(`http://127.0.0.1:${port}`, token);
      expect(await ok(socket, 'conversation:list', {})).toEqual({ conversations: [] });
      socket.disconnect();
      expect(server.output()).not.toContain(token);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('refuses to start on a bad value, naming the variable', async () => {
    const server = startServerProcess({ PORT: 'eighty', MAX_MESSAGE_LENGTH: '-1' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/PORT/);
    expect(server.output()).toMatch(/MAX_MESSAGE_LENGTH/);
  });

  it('the token script explains its usage when arguments are missing', async () => {
    const err = await run(process.execPath, ['--import', 'tsx', 'server/cli/token.ts', '--role', 'wizard'], { cwd: ROOT }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/Usage: npm run token/);
  });

  it('`npm run -s token` prints the token alone, with --program and --locale as claims the server accepts', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...TEST_JWT };
    const args = ['run', '-s', 'token', '--', '--role', 'mentee', '--sub', 'bob', '--name', 'Bob', '--program', 'p1', '--locale', 'en-US'];
    const { stdout } = await run('npm', args, { cwd: ROOT, env });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(await createTokenVerifier(TEST_KEYS).verify(stdout.trim())).toMatchObject({ userId: 'bob', role: 'mentee', programId: 'p1', locale: 'en-US' });

    const bad = await run('npm', [...args.slice(0, -1), 'english'], { cwd: ROOT, env }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--locale must be a locale such as nl or en-US/);
  });
});
