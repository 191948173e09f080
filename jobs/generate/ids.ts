/**
 * Opaque, platform-looking ids. Each is a bijective scramble of a counter (so ids never collide)
 * salted by the seed (so two worlds do not share ids).
 */

function scramble(n: number, salt: number): number {
  let h = (n + salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function base36(n: number, width: number): string {
  return n.toString(36).padStart(width, '0');
}

export class IdScheme {
  private readonly accountSalt: number;
  private readonly eventSalt: number;
  private readonly videoSalt: number;

  constructor(seed: number) {
    this.accountSalt = scramble(seed, 0x5eed);
    this.eventSalt = scramble(seed, 0xe7e7);
    this.videoSalt = scramble(seed, 0x71de);
  }

  account(index: number): string {
    return `u${base36(scramble(index, this.accountSalt), 7)}`;
  }

  /** Events are numbered in output order; the day keeps ids unique beyond 2^32 events. */
  event(counter: number): string {
    const high = Math.floor(counter / 4294967296);
    return `e${high ? base36(high, 1) : ''}${base36(scramble(counter >>> 0, this.eventSalt), 7)}`;
  }

  /** The `video`-th video of a creator; a LIVE room is `live` plus the creator and a session number. */
  video(creator: number, video: number): string {
    return `v${base36(scramble(creator, this.videoSalt), 7)}${base36(video, 3)}`;
  }

  live(creator: number, session: number): string {
    return `live${base36(scramble(creator, this.videoSalt), 7)}${base36(session, 2)}`;
  }
}
