/**
 * Fixed-window request counters per client IP (per /64 for IPv6) for the public endpoints. The counters live in
 * Redis so every API instance shares them (INCR, PEXPIRE on the first hit of a window). Redis is
 * asked with a short timeout and no offline queue; when it does not answer, this process counts
 * on its own for the moment (a per-process limit), so a Redis outage never turns an honest
 * inquiry away.
 */
import { Injectable } from '@nestjs/common';
import { isIPv6 } from 'node:net';
import { AppConfig } from '@/config/app-config';
import { RedisService } from '@/queue/redis.service';

/** Redis may take this long before the local counter decides instead. */
const REDIS_TIMEOUT_MS = 150;
/** Past this many local keys, expired ones are swept on the next hit. */
const LOCAL_SWEEP_AT = 10_000;

const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/**
 * Who a client address counts as. An IPv6 host is given a whole /64 (a home, a cloud server) and
 * can send from any address in it, so IPv6 is counted by its /64; an IPv4 address mapped into IPv6
 * (`::ffff:203.0.113.9`) is that IPv4 address.
 */
export function rateLimitClient(ip: string): string {
  const address = ip.split('%')[0];
  if (!isIPv6(address)) return ip;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  // An embedded IPv4 tail is two groups; only the first four groups matter here.
  const hex = address.replace(/:\d{1,3}(?:\.\d{1,3}){3}$/, ':0:0');
  const [head, tail] = hex.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

export interface RateVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends (what Retry-After says when refused). */
  resetSeconds: number;
  /** Where the count was kept: shared in Redis, or only this process while Redis is away. */
  store: 'redis' | 'local';
}

@Injectable()
export class RateLimiterService {
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {
    // A defined command is sent as EVALSHA (the script itself only once, after a NOSCRIPT), not
    // the whole script with every request.
    if (!('rateLimitHit' in redis.client))
      redis.client.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  private hitCommand(key: string, windowMs: number): Promise<[number, number]> {
    const client = this.redis.client as unknown as {
      rateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
    };
    return client.rateLimitHit(key, windowMs);
  }

  /** Counts one request of `ip` (an IPv6 one by its /64) in `bucket` and says whether it is within the limit. */
  async hit(bucket: string, ip: string): Promise<RateVerdict> {
    const limit = this.config.publicRateLimit;
    const windowMs = this.config.publicRateWindowSeconds * 1000;
    const key = `${this.config.queuePrefix}:ratelimit:${bucket}:${rateLimitClient(ip)}`;
    let counted: { count: number; ttlMs: number; store: RateVerdict['store'] };
    try {
      counted = { ...(await this.hitRedis(key, windowMs)), store: 'redis' };
    } catch {
      counted = { ...this.hitLocal(key, windowMs, Date.now()), store: 'local' };
    }
    return {
      allowed: counted.count <= limit,
      limit,
      remaining: Math.max(0, limit - counted.count),
      resetSeconds: Math.max(1, Math.ceil(counted.ttlMs / 1000)),
      store: counted.store,
    };
  }

  private async hitRedis(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('rate-limit counter timed out')), REDIS_TIMEOUT_MS);
      timer.unref();
    });
    try {
      const answer = await Promise.race([this.hitCommand(key, windowMs), timeout]);
      return { count: Number(answer[0]), ttlMs: Number(answer[1]) };
    } finally {
      clearTimeout(timer);
    }
  }

  private hitLocal(key: string, windowMs: number, now: number): { count: number; ttlMs: number } {
    if (this.local.size >= LOCAL_SWEEP_AT) {
      for (const [k, v] of this.local) if (v.resetAt <= now) this.local.delete(k);
    }
    let entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + windowMs };
      this.local.set(key, entry);
    }
    entry.count++;
    return { count: entry.count, ttlMs: entry.resetAt - now };
  }
}
