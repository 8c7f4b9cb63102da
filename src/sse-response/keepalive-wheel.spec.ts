import { KeepaliveWheel } from './keepalive-wheel';

describe(KeepaliveWheel.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('visits every member on each tick through one timer, which runs only while members are registered', () => {
    const wheel = new KeepaliveWheel(100);
    const seen: string[] = [];
    const a = { onTick: (tick: number) => seen.push(`a${tick}`) };
    const b = { onTick: (tick: number) => seen.push(`b${tick}`) };
    wheel.add(a);
    wheel.add(b);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(200);
    expect(seen).toEqual(['a1', 'b1', 'a2', 'b2']);
    wheel.delete(a);
    jest.advanceTimersByTime(100);
    expect(seen.slice(4)).toEqual(['b3']);
    wheel.delete(b);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('lets a member leave while the wheel visits it', () => {
    const wheel = new KeepaliveWheel(50);
    const visits: number[] = [];
    const member = {
      onTick: (tick: number) => {
        visits.push(tick);
        wheel.delete(member);
      },
    };
    wheel.add(member);
    jest.advanceTimersByTime(500);
    expect(visits).toEqual([1]);
  });

  it('counts a period in ticks, at least one', () => {
    const wheel = new KeepaliveWheel(250);
    expect(wheel.ticksFor(15_000)).toBe(60);
    expect(wheel.ticksFor(10)).toBe(1);
  });
});
