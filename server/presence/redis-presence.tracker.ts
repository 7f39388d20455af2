import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { errorForLog } from '../infra/safe-error.js';
import type { PresenceTracker } from './presence.tracker.js';

const PREFIX = 'presence:';
const USER_PREFIX = `${PREFIX}u:`;
const ALL = `${PREFIX}all`;

// A user's live sockets: ZSET `presence:u:<userId>` of `<nodeId>|<socketId>`, scored by when the
// entry lapses unless its node refreshes it. `presence:all` indexes every entry for the sweep.

/** Adds a socket; returns 1 when the user had no live socket anywhere before. */
const ADD = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
local before = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
-- Garbage collection only, long after the sweep has dealt with lapsed entries.
redis.call('PEXPIREAT', KEYS[1], ARGV[3] + 3600000)
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
if before == 0 then return 1 else return 0 end`;

/** Removes a socket; returns 1 when the user has no live socket left. */
const REMOVE = `
redis.call('ZREM', KEYS[2], ARGV[2])
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('ZCOUNT', KEYS[1], ARGV[3], '+inf') == 0 then return 1 else return 0 end`;

/** Removes lapsed entries (their node died); returns the users this left with no live socket. */
const SWEEP = `
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
local offline = {}
for _, entry in ipairs(lapsed) do
  if redis.call('ZREM', KEYS[1], entry) == 1 then
    local sep = string.find(entry, '|', 1, true)
    local userId = string.sub(entry, 1, sep - 1)
    local userKey = ARGV[2] .. userId
    if redis.call('ZREM', userKey, string.sub(entry, sep + 1)) == 1 and redis.call('ZCOUNT', userKey, ARGV[1], '+inf') == 0 then
      table.insert(offline, userId)
    end
  end
end
return offline`;

type PresenceListener = (userId: string, online: boolean) => void;

export interface RedisPresenceOptions {
  redis: Redis;
  nodeId: string;
  ttlMs: number;
  clock: Clock;
  log: Logger;
}

/**
 * Presence across nodes: online while any socket on any node is connected. Each node refreshes
 * its own sockets every ttl/3; a node that dies stops refreshing, its entries lapse, and the next
 * sweep (on any node) reports its users offline. While Redis is down, answers come from this
 * node's own sockets, and the refresh after Redis returns puts them back.
 */
export class RedisPresenceTracker implements PresenceTracker {
  private readonly local = new Map<string, Set<string>>();
  private readonly listeners = new Set<PresenceListener>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: RedisPresenceOptions) {
    const { redis } = options;
    redis.defineCommand('presenceAdd', { numberOfKeys: 2, lua: ADD });
    redis.defineCommand('presenceRemove', { numberOfKeys: 2, lua: REMOVE });
    redis.defineCommand('presenceSweep', { numberOfKeys: 1, lua: SWEEP });
    this.timer = setInterval(() => void this.refresh(), Math.max(200, Math.floor(options.ttlMs / 3)));
    this.timer.unref();
  }

  /** Hears about changes found by the sweep or the refresh, not by add/remove (their callers already know). */
  watch(listener: PresenceListener): void {
    this.listeners.add(listener);
  }

  async add(userId: string, socketId: string): Promise<boolean> {
    let sockets = this.local.get(userId);
    const firstHere = !sockets || sockets.size === 0;
    if (!sockets) this.local.set(userId, (sockets = new Set()));
    sockets.add(socketId);
    try {
      return (await this.exec('presenceAdd', userId, socketId)) === 1;
    } catch (err) {
      this.options.log.debug({ error: errorForLog(err) }, 'presence add failed; answering from this node');
      return firstHere;
    }
  }

  async remove(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.local.get(userId);
    if (!sockets?.delete(socketId)) return false;
    if (sockets.size === 0) this.local.delete(userId);
    try {
      return (await this.exec('presenceRemove', userId, socketId)) === 1;
    } catch (err) {
      this.options.log.debug({ error: errorForLog(err) }, 'presence remove failed; answering from this node');
      return sockets.size === 0;
    }
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    try {
      const now = this.options.clock.now();
      const pipeline = this.options.redis.pipeline();
      for (const id of userIds) pipeline.zcount(USER_PREFIX + id, now, '+inf');
      const results = (await pipeline.exec()) ?? [];
      return new Set(userIds.filter((_, i) => Number(results[i]?.[1] ?? 0) > 0 || this.local.has(userIds[i]!)));
    } catch {
      return new Set(userIds.filter((id) => this.local.has(id)));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
  }

  /** Renews this node's entries and sweeps lapsed ones (from dead nodes). */
  private async refresh() {
    try {
      const entries = [...this.local].flatMap(([userId, sockets]) => [...sockets].map((socketId) => [userId, socketId] as const));
      const cameBack = await Promise.all(entries.map(([userId, socketId]) => this.exec('presenceAdd', userId, socketId)));
      const announced = new Set<string>();
      cameBack.forEach((result, i) => {
        const userId = entries[i]![0];
        // Only after an outage during which a sweep reported them offline.
        if (result === 1 && !announced.has(userId)) {
          announced.add(userId);
          this.emit(userId, true);
        }
      });
      const offline = (await (this.options.redis as unknown as Scripts).presenceSweep(ALL, this.options.clock.now(), USER_PREFIX)) as string[];
      for (const userId of offline) if (!this.local.has(userId)) this.emit(userId, false);
    } catch (err) {
      this.options.log.debug({ error: errorForLog(err) }, 'presence refresh failed');
    }
  }

  private exec(command: 'presenceAdd' | 'presenceRemove', userId: string, socketId: string): Promise<number> {
    const { nodeId, ttlMs, clock, redis } = this.options;
    const now = clock.now();
    const entry = `${nodeId}|${socketId}`;
    const scripts = redis as unknown as Scripts;
    return command === 'presenceAdd'
      ? scripts.presenceAdd(USER_PREFIX + userId, ALL, entry, `${userId}|${entry}`, now + ttlMs, now)
      : scripts.presenceRemove(USER_PREFIX + userId, ALL, entry, `${userId}|${entry}`, now);
  }

  private emit(userId: string, online: boolean) {
    for (const listener of this.listeners) listener(userId, online);
  }
}

interface Scripts {
  presenceAdd(userKey: string, all: string, entry: string, allEntry: string, expiresAt: number, now: number): Promise<number>;
  presenceRemove(userKey: string, all: string, entry: string, allEntry: string, now: number): Promise<number>;
  presenceSweep(all: string, now: number, userPrefix: string): Promise<string[]>;
}
