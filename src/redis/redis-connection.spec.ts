import { reconnectDelay, redactedUrl } from './redis-connection';

describe('RedisConnection helpers', () => {
  it('backs off from 100 ms, doubling, capped at 2 s, with jitter between half and all of the step', () => {
    expect(reconnectDelay(0, () => 0)).toBe(50);
    expect(reconnectDelay(0, () => 1)).toBe(100);
    expect(reconnectDelay(3, () => 1)).toBe(800);
    expect(reconnectDelay(30, () => 1)).toBe(2_000);
    expect(reconnectDelay(30, () => 0)).toBe(1_000);
  });

  it('never shows the password of a Redis URL', () => {
    expect(redactedUrl('redis://:s3cret@redis:6379/0')).toBe('redis://:***@redis:6379/0');
    expect(redactedUrl('rediss://user:s3cret@redis.example:6380')).not.toContain('s3cret');
    expect(redactedUrl('redis://redis:6379/0')).toBe('redis://redis:6379/0');
  });
});
