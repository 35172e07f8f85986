import type { Redis } from 'ioredis';

/**
 * The compaction lease of a session: a Redis key holding the instance id with an expiry. Only the
 * holder folds the session's log into a checkpoint, so two instances never race to replace each
 * other's checkpoint. The holder renews it while the session is loaded; if the holder dies, the
 * key expires and the next instance that wants to compact takes it.
 */
const TAKE_OR_RENEW = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if v then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export const leaseKey = (sessionId: string) => `twinlab:lease:compact:${sessionId}`;

/** Take the lease if free, renew it if ours; true when this instance holds it for the next `ms`. */
export async function takeLease(redis: Redis, sessionId: string, instance: string, ms: number): Promise<boolean> {
  return (await redis.eval(TAKE_OR_RENEW, 1, leaseKey(sessionId), instance, String(ms))) === 1;
}

export async function releaseLease(redis: Redis, sessionId: string, instance: string): Promise<void> {
  await redis.eval(RELEASE, 1, leaseKey(sessionId), instance);
}
