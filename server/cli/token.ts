import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { roleSchema } from '../../shared/models.js';
import { resolveTokenKeys } from '../auth/keys.js';
import { signToken } from '../auth/tokens.js';
import { ConfigError, loadConfig } from '../config.js';

const USAGE = `Usage: npm run token -- --role <mentee|specialist|clinician|admin> --sub <user id> --name <display name>
       [--program <program id>] [--ttl <seconds, default 28800>] [--private-key-file <PEM, for RS256>]

Prints a token the server accepts, on its own line. Uses JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE
when they are set, and otherwise the embedded default's generated secret.`;

/** Mints a token for trying the server out, or for tools that drive it. */
async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      program: { type: 'string' },
      ttl: { type: 'string', default: '28800' },
      'private-key-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const role = roleSchema.safeParse(values.role);
  const ttl = Number(values.ttl);
  if (!role.success || !values.sub || !values.name || !Number.isInteger(ttl) || ttl <= 0) {
    throw new UsageError(USAGE);
  }

  const config = loadConfig();
  const keys = await resolveTokenKeys(config.jwt);
  if (values['private-key-file']) keys.signKey = await readFile(values['private-key-file'], 'utf8');
  const token = signToken(
    keys,
    { sub: values.sub, role: role.data, name: values.name, ...(values.program ? { programId: values.program } : {}) },
    ttl,
  );
  process.stdout.write(`${token}\n`);
}

class UsageError extends Error {}

main().catch((err) => {
  const message = err instanceof UsageError || err instanceof ConfigError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`${message}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
