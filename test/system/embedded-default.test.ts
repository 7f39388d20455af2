import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, freePort, startServerProcess } from '../support/processes.js';
import { connectSocket, ok } from '../support/server.js';

const run = promisify(execFile);

describe('the embedded default and the token script', () => {
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
});
