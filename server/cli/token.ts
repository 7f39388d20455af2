import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { idSchema } from '../../shared/ids.js';
import { roleSchema } from '../../shared/models.js';
import { resolveTokenKeys } from '../auth/keys.js';
import { signToken } from '../auth/tokens.js';
import { ConfigError, loadConfig } from '../config.js';

const USAGE = `Usage: npm run token -- --role <mentee|specialist|clinician|admin> --sub <user id> --name <display name>
       [--program <program id>] [--locale <nl, en-US, …>] [--ttl <seconds, default 28800>]
       [--private-key-file <PEM, for RS256>]

Prints a token the server accepts, on its own line; to capture it, keep npm's own lines out with
-s: \`export TOKEN=$(npm run -s token -- …)\`. --program sets the programId claim (routing to the
program's specialists and clinicians); --locale sets whose crisis resources the user is shown
(default: the server's DEFAULT_LOCALE). Uses JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE when they are
set, and otherwise the embedded default's generated secret.`;

/** The shape the server checks for the locale claim (server/auth/tokens.ts). */
const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/;

/** Mints a token for trying the server out, or for tools that drive it. */
async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      program: { type: 'string' },
      locale: { type: 'string' },
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
  // Refused here rather than minted into a token the server would refuse at the handshake.
  if (values.program !== undefined && !idSchema.safeParse(values.program).success) {
    throw new UsageError(`--program must be an id of 1-64 letters, digits, "_" or "-"\n\n${USAGE}`);
  }
  if (values.locale !== undefined && !LOCALE.test(values.locale)) {
    throw new UsageError(`--locale must be a locale such as nl or en-US\n\n${USAGE}`);
  }

  const config = loadConfig();
  const keys = await resolveTokenKeys(config.jwt);
  if (values['private-key-file']) keys.signKey = await readFile(values['private-key-file'], 'utf8');
  const token = signToken(
    keys,
    {
      sub: values.sub,
      role: role.data,
      name: values.name,
      ...(values.program !== undefined ? { programId: values.program } : {}),
      ...(values.locale !== undefined ? { locale: values.locale } : {}),
    },
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
