/** Something the wheel visits on every tick: an open stream deciding whether it has been silent too long. */
export interface WheelMember {
  onTick(tick: number): void;
}

/**
 * One timer for every open stream instead of one per stream. The wheel counts ticks; a stream notes the tick of its
 * last write (a property store per chunk, where refreshing a timer of its own would cost a clock read and a timer
 * re-insert) and, when visited, compares. Silence is thereby measured with a precision of one tick. The interval runs
 * only while a stream is registered and never holds the process open.
 */
export class KeepaliveWheel {
  /** Ticks since the wheel was made: the coarse clock streams read. */
  tick = 0;
  private readonly members = new Set<WheelMember>();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly tickMs: number) {}

  /** The ticks a period spans (at least one); streams wait for more than that many to pass. */
  ticksFor(ms: number): number {
    return Math.max(1, Math.round(ms / this.tickMs));
  }

  add(member: WheelMember): void {
    this.members.add(member);
    if (this.timer) return;
    this.timer = setInterval(() => this.advance(), this.tickMs);
    this.timer.unref();
  }

  delete(member: WheelMember): void {
    this.members.delete(member);
    if (this.members.size === 0) this.stop();
  }

  get size(): number {
    return this.members.size;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private advance(): void {
    this.tick += 1;
    for (const member of this.members) member.onTick(this.tick);
  }
}
