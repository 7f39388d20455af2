import { fileURLToPath } from 'node:url';
import { parseRoleMap, type OidcConfig } from './auth/oidc.js';
import { parseCipherKeys, type CipherKey } from './privacy/field-cipher.js';
import type { RetentionPolicy } from './privacy/retention.js';
import { z } from 'zod';

/**
 * The whole runtime configuration. `process.env` is read here and nowhere else:
 * every other module receives the typed object.
 */
export interface Config {
  port: number;
  host: string | undefined;
  production: boolean;
  mongodbUri: string | undefined;
  redisUrl: string | undefined;
  jwt: JwtConfig;
  corsOrigins: string[];
  logLevel: LogLevel;
  maxMessageLength: number;
  /** 0 turns the per-user message rate limit off. */
  messageRatePerSec: number;
  messageBurst: number;
  /** Every command's cost is taken from these per user and minute (guests have their own); 0 turns it off. */
  commandPointsPerMinute: number;
  /** GET /metrics requires `Authorization: Bearer <this>`; without it, only loopback clients are served. */
  metricsToken: string | undefined;
  /** Connections one client address may hold at once (0: no cap). */
  maxConnectionsPerAddress: number;
  handshakesPerMinutePerAddress: number;
  /** Webhooks may reach loopback and private addresses (an on-premise pager). */
  webhookAllowPrivate: boolean;
  /** The longest token lifetime accepted (exp − iat). */
  jwtMaxTtlSec: number;
  guestCommandPointsPerMinute: number;
  /** How long a `typing: true` lasts without a refresh. */
  typingTimeoutMs: number;
  /** How long shutdown waits for in-flight acknowledgements. */
  shutdownGraceMs: number;
  /** Every MongoDB call answers within this, or fails UNAVAILABLE (retryable). */
  mongodbTimeoutMs: number;
  /** A node that stops refreshing its users' presence for this long counts as gone. */
  presenceTtlMs: number;
  /** Locale whose crisis resources are shown when a user's token names none. */
  defaultLocale: string;
  /** Days to keep messages per conversation kind and resolved escalations (unset: keep). */
  retention: RetentionPolicy;
  /** Keys for message bodies and other free text at rest (the first encrypts); undefined: stored as is. */
  encryptionKeys: CipherKey[] | undefined;
  /** The organisation's identity provider (OIDC_ISSUER), when staff sign in through it. */
  oidc: OidcConfig | undefined;
  /** Out-of-band e-mail for escalations; undefined: e-mail is off. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where people reach the web app (links in e-mails and pager events). */
  publicUrl: string;
  /** The built web app served at / (client/web/dist unless WEB_DIR says otherwise). */
  webDir: string;
  /** Replaces the built-in crisis resources (JSON: locale → resources). */
  crisisResourcesFile: string | undefined;
  /** Replaces the built-in risk lexicon (JSON, see server/safety/risk-lexicon.json). */
  riskLexiconFile: string | undefined;
  /** Replaces the built-in risk classifier (see `npm run train:risk`). */
  riskModelFile: string | undefined;
  /** How often each node looks for escalation steps that are due (and matching offers that ran out). */
  escalationTickMs: number;
  /** How long a specialist has to answer an offer. */
  offerTimeoutSec: number;
  /** A specialist disconnected this long is set offline. */
  availabilityGraceSec: number;
  /** A waiting request climbs one risk level per this many seconds, so nobody waits forever. */
  supportAgeingSec: number;
  guestTokenTtlSec: number;
  /** Express's `trust proxy`: which hops' X-Forwarded-For to believe (false: none). */
  trustProxy: false | number | string;
  /** Guest tokens per address per hour. */
  guestTokensPerHour: number;
}

export type JwtConfig =
  | { mode: 'hs256'; secret: string; issuer: string; audience: string }
  | { mode: 'rs256'; publicKey: string; issuer: string; audience: string }
  /** No key configured: a secret is generated for this installation (see server/auth/embedded-secret.ts). */
  | { mode: 'embedded'; issuer: string; audience: string };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export const EMBEDDED_ISSUER = 'peer-support-embedded';
export const EMBEDDED_AUDIENCE = 'peer-support-embedded';

/** A bad value: the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const optionalText = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s === '' ? undefined : s));

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const envSchema = z.object({
  NODE_ENV: optionalText,
  PORT: int(0, 65535).default(3000),
  HOST: optionalText,
  MONGODB_URI: optionalText.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  REDIS_URL: optionalText.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  ),
  JWT_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  JWT_PUBLIC_KEY: optionalText.pipe(
    z
      .string()
      .regex(/-----BEGIN (RSA )?PUBLIC KEY-----/, 'must be a PEM public key')
      .optional(),
  ),
  JWT_ISSUER: optionalText,
  JWT_AUDIENCE: optionalText,
  CORS_ORIGINS: optionalText.transform((s) =>
    s === undefined
      ? []
      : s
          .split(',')
          .map((o) => o.trim().replace(/\/+$/, ''))
          .filter(Boolean),
  ),
  LOG_LEVEL: optionalText.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  MAX_MESSAGE_LENGTH: int(1, 100_000).default(4000),
  MESSAGE_RATE_PER_SEC: int(0, 10_000).default(5),
  MESSAGE_BURST: int(0, 100_000).default(10),
  COMMAND_POINTS_PER_MINUTE: int(0, 1_000_000).default(1200),
  JWT_MAX_TTL_SEC: int(60, 30 * 86_400).default(86_400),
  MAX_CONNECTIONS_PER_ADDRESS: int(0, 1_000_000).default(200),
  HANDSHAKES_PER_MINUTE_PER_ADDRESS: int(0, 1_000_000).default(300),
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  WEB_DIR: optionalText,
  RETENTION_DAYS_GROUP: int(1, 36_500).optional(),
  RETENTION_DAYS_MENTORSHIP: int(1, 36_500).optional(),
  RETENTION_DAYS_SUPPORT: int(1, 36_500).optional(),
  RETENTION_DAYS_ESCALATION: int(1, 36_500).optional(),
  MESSAGE_ENCRYPTION_KEY: optionalText,
  MESSAGE_ENCRYPTION_KEYS: optionalText,
  OIDC_ISSUER: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be the provider\'s issuer URL' }).optional()),
  OIDC_ROLE_CLAIM: optionalText.pipe(z.string().regex(/^[\w:/-]+(\.[\w:/-]+)*$/, 'must be a claim name or a dotted path').default('role')),
  OIDC_ROLE_MAP: optionalText,
  OIDC_NAME_CLAIM: optionalText.pipe(z.string().default('name')),
  OIDC_PROGRAM_CLAIM: optionalText,
  OIDC_CLIENT_ID: optionalText,
  OIDC_PROVIDER_NAME: optionalText,
  OIDC_SCOPE: optionalText,
  SMTP_URL: optionalText.pipe(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional()),
  MAIL_FROM: optionalText.pipe(z.email({ error: 'must be an e-mail address' }).default('peer-support@localhost')),
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL, e.g. https://chat.example.org' }).optional()),
  WEBHOOK_ALLOW_PRIVATE: optionalText.pipe(z.enum(['true', 'false']).default('false')),
  GUEST_COMMAND_POINTS_PER_MINUTE: int(0, 1_000_000).default(300),
  TYPING_TIMEOUT_MS: int(500, 60_000).default(5000),
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  MONGODB_TIMEOUT_MS: int(100, 5000).default(3000),
  PRESENCE_TTL_MS: int(1000, 300_000).default(15_000),
  DEFAULT_LOCALE: optionalText.pipe(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as nl or en-US').default('nl')),
  CRISIS_RESOURCES_FILE: optionalText,
  RISK_LEXICON_FILE: optionalText,
  RISK_MODEL_FILE: optionalText,
  ESCALATION_TICK_MS: int(50, 10_000).default(1000),
  OFFER_TIMEOUT_SEC: int(1, 600).default(20),
  AVAILABILITY_GRACE_SEC: int(0, 3600).default(60),
  SUPPORT_AGEING_SEC: int(1, 86_400).default(600),
  GUEST_TOKEN_TTL_SEC: int(60, 86_400).default(7200),
  GUEST_TOKENS_PER_HOUR: int(1, 10_000).default(10),
  TRUST_PROXY: optionalText.pipe(
    z
      .string()
      // `true` believes whatever X-Forwarded-For a client sends (and lets anyone dodge per-address limits).
      .refine((v) => v !== 'true', 'must not be true (that believes any client\'s X-Forwarded-For): give the number of proxies in front, or their addresses/subnets')
      .regex(/^(false|\d{1,2}|[\w.:/, -]+)$/, 'must be false, a number of hops, or addresses/subnets')
      .optional(),
  ),
});

/** Parses and checks the environment; throws ConfigError naming the variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (e.REDIS_URL && !e.MONGODB_URI) {
    throw new ConfigError(
      'Invalid configuration: REDIS_URL is set without MONGODB_URI; several nodes must share their history, so set MONGODB_URI too',
    );
  }

  for (const origin of e.CORS_ORIGINS) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`Invalid configuration: CORS_ORIGINS: "${origin}" is not an origin such as https://chat.example.org`);
    }
  }

  return {
    port: e.PORT,
    host: e.HOST,
    production,
    mongodbUri: e.MONGODB_URI,
    redisUrl: e.REDIS_URL,
    jwt: jwtConfig(e, production),
    corsOrigins: e.CORS_ORIGINS,
    logLevel: e.LOG_LEVEL,
    maxMessageLength: e.MAX_MESSAGE_LENGTH,
    messageRatePerSec: e.MESSAGE_RATE_PER_SEC,
    messageBurst: e.MESSAGE_BURST,
    commandPointsPerMinute: e.COMMAND_POINTS_PER_MINUTE,
    jwtMaxTtlSec: e.JWT_MAX_TTL_SEC,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === 'true',
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    handshakesPerMinutePerAddress: e.HANDSHAKES_PER_MINUTE_PER_ADDRESS,
    metricsToken: e.METRICS_TOKEN,
    guestCommandPointsPerMinute: e.GUEST_COMMAND_POINTS_PER_MINUTE,
    typingTimeoutMs: e.TYPING_TIMEOUT_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    mongodbTimeoutMs: e.MONGODB_TIMEOUT_MS,
    presenceTtlMs: e.PRESENCE_TTL_MS,
    defaultLocale: e.DEFAULT_LOCALE,
    oidc: oidcConfig(e, production),
    encryptionKeys: encryptionKeys(e, production),
    retention: {
      ...(e.RETENTION_DAYS_GROUP ? { group: e.RETENTION_DAYS_GROUP } : {}),
      ...(e.RETENTION_DAYS_MENTORSHIP ? { mentorship: e.RETENTION_DAYS_MENTORSHIP } : {}),
      ...(e.RETENTION_DAYS_SUPPORT ? { support: e.RETENTION_DAYS_SUPPORT } : {}),
      ...(e.RETENTION_DAYS_ESCALATION ? { escalation: e.RETENTION_DAYS_ESCALATION } : {}),
    },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    webDir: e.WEB_DIR ?? fileURLToPath(new URL('../client/web/dist', import.meta.url)),
    crisisResourcesFile: e.CRISIS_RESOURCES_FILE,
    riskLexiconFile: e.RISK_LEXICON_FILE,
    riskModelFile: e.RISK_MODEL_FILE,
    escalationTickMs: e.ESCALATION_TICK_MS,
    offerTimeoutSec: e.OFFER_TIMEOUT_SEC,
    availabilityGraceSec: e.AVAILABILITY_GRACE_SEC,
    supportAgeingSec: e.SUPPORT_AGEING_SEC,
    guestTokenTtlSec: e.GUEST_TOKEN_TTL_SEC,
    guestTokensPerHour: e.GUEST_TOKENS_PER_HOUR,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
  };
}

function parseTrustProxy(value: string | undefined): false | number | string {
  if (value === undefined || value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function encryptionKeys(e: z.infer<typeof envSchema>, production: boolean): CipherKey[] | undefined {
  let keys: CipherKey[] | undefined;
  try {
    keys = parseCipherKeys(e.MESSAGE_ENCRYPTION_KEY, e.MESSAGE_ENCRYPTION_KEYS);
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${(err as Error).message}`);
  }
  if (!keys && production && e.MONGODB_URI) {
    throw new ConfigError('Invalid configuration: MESSAGE_ENCRYPTION_KEY (or MESSAGE_ENCRYPTION_KEYS) is required with MongoDB when NODE_ENV=production: health data is not stored readable');
  }
  return keys;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function oidcConfig(e: z.infer<typeof envSchema>, production: boolean): OidcConfig | undefined {
  if (!e.OIDC_ISSUER) return undefined;
  const issuer = new URL(e.OIDC_ISSUER);
  if (issuer.protocol !== 'https:' && (production || !LOOPBACK_HOSTS.has(issuer.hostname))) {
    throw new ConfigError('Invalid configuration: OIDC_ISSUER must use https (http only on loopback, for tests, and never in production)');
  }
  if (!e.JWT_AUDIENCE) throw new ConfigError('Invalid configuration: JWT_AUDIENCE is required with OIDC_ISSUER (tokens must name it in aud)');
  let roleMap: OidcConfig['roleMap'];
  try {
    roleMap = parseRoleMap(e.OIDC_ROLE_MAP);
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${(err as Error).message}`);
  }
  return {
    issuer: e.OIDC_ISSUER,
    audience: e.JWT_AUDIENCE,
    roleClaim: e.OIDC_ROLE_CLAIM,
    roleMap,
    nameClaim: e.OIDC_NAME_CLAIM,
    ...(e.OIDC_PROGRAM_CLAIM ? { programClaim: e.OIDC_PROGRAM_CLAIM } : {}),
    ...(e.OIDC_CLIENT_ID ? { clientId: e.OIDC_CLIENT_ID } : {}),
    ...(e.OIDC_SCOPE ? { scope: e.OIDC_SCOPE } : {}),
    providerName: e.OIDC_PROVIDER_NAME ?? issuer.host,
  };
}

function jwtConfig(e: z.infer<typeof envSchema>, production: boolean): JwtConfig {
  if (e.JWT_SECRET && e.JWT_PUBLIC_KEY) {
    throw new ConfigError('Invalid configuration: JWT_SECRET and JWT_PUBLIC_KEY are both set; set exactly one');
  }
  if (!e.JWT_SECRET && !e.JWT_PUBLIC_KEY) {
    if (production) {
      throw new ConfigError('Invalid configuration: JWT_SECRET or JWT_PUBLIC_KEY is required when NODE_ENV=production');
    }
    return { mode: 'embedded', issuer: e.JWT_ISSUER ?? EMBEDDED_ISSUER, audience: e.JWT_AUDIENCE ?? EMBEDDED_AUDIENCE };
  }
  if (!e.JWT_ISSUER) throw new ConfigError('Invalid configuration: JWT_ISSUER is required when a JWT secret or key is set');
  if (!e.JWT_AUDIENCE) throw new ConfigError('Invalid configuration: JWT_AUDIENCE is required when a JWT secret or key is set');
  return e.JWT_SECRET
    ? { mode: 'hs256', secret: e.JWT_SECRET, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE }
    : { mode: 'rs256', publicKey: e.JWT_PUBLIC_KEY!, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE };
}
