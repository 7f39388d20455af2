import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const secret = { JWT_SECRET: 's'.repeat(32), JWT_ISSUER: 'iss', JWT_AUDIENCE: 'aud' };

describe('loadConfig', () => {
  it('has working defaults with nothing set (the embedded default)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      mongodbUri: undefined,
      redisUrl: undefined,
      corsOrigins: [],
      logLevel: 'info',
      maxMessageLength: 4000,
      messageRatePerSec: 5,
      messageBurst: 10,
    });
    expect(config.jwt.mode).toBe('embedded');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...secret,
      PORT: '8080',
      HOST: '0.0.0.0',
      MONGODB_URI: 'mongodb://db:27017/chat',
      REDIS_URL: 'redis://cache:6379',
      MONGODB_TIMEOUT_MS: '2500',
      PRESENCE_TTL_MS: '9000',
      CORS_ORIGINS: 'https://a.example, https://b.example/',
      LOG_LEVEL: 'warn',
      MAX_MESSAGE_LENGTH: '2000',
      MESSAGE_RATE_PER_SEC: '0',
      MESSAGE_BURST: '3',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      mongodbUri: 'mongodb://db:27017/chat',
      redisUrl: 'redis://cache:6379',
      corsOrigins: ['https://a.example', 'https://b.example'],
      logLevel: 'warn',
      maxMessageLength: 2000,
      messageRatePerSec: 0,
      messageBurst: 3,
      mongodbTimeoutMs: 2500,
      presenceTtlMs: 9000,
      jwt: { mode: 'hs256', secret: secret.JWT_SECRET, issuer: 'iss', audience: 'aud' },
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MAX_MESSAGE_LENGTH: '0' }, 'MAX_MESSAGE_LENGTH'],
    [{ MESSAGE_RATE_PER_SEC: '-1' }, 'MESSAGE_RATE_PER_SEC'],
    [{ MESSAGE_BURST: '1.5' }, 'MESSAGE_BURST'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ CORS_ORIGINS: 'not an origin' }, 'CORS_ORIGINS'],
    [{ JWT_SECRET: 'short', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }, 'JWT_SECRET'],
    [{ JWT_PUBLIC_KEY: 'not a pem', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }, 'JWT_PUBLIC_KEY'],
    [{ JWT_SECRET: 's'.repeat(32), JWT_AUDIENCE: 'a' }, 'JWT_ISSUER'],
    [{ JWT_SECRET: 's'.repeat(32), JWT_ISSUER: 'i' }, 'JWT_AUDIENCE'],
    [{ ...secret, JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----' }, 'JWT_PUBLIC_KEY'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET or JWT_PUBLIC_KEY'],
    [{ REDIS_URL: 'redis://cache:6379' }, 'MONGODB_URI'],
    [{ MONGODB_TIMEOUT_MS: '60000' }, 'MONGODB_TIMEOUT_MS'],
    [{ PRESENCE_TTL_MS: '10' }, 'PRESENCE_TTL_MS'],
    [{ TRUST_PROXY: 'yes please!' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
