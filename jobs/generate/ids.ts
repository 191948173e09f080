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

/** The counter `scramble` was given: each step above undone, multipliers by their inverses mod 2^32. */
function unscramble(h: number, salt: number): number {
  let n = (h ^ (h >>> 16)) >>> 0;
  n = Math.imul(n, 0x43021123) >>> 0;
  n = (n ^ (n >>> 15) ^ (n >>> 30)) >>> 0;
  n = Math.imul(n, 0x1d69e2a5) >>> 0;
  n = (n ^ (n >>> 16)) >>> 0;
  return (n - salt) >>> 0;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const DIGIT_PAIRS = Array.from(
  { length: 36 * 36 },
  (_, n) => `${DIGITS[Math.floor(n / 36)]}${DIGITS[n % 36]}`,
);
const PAIRS_2 = 36 ** 4;

function base36(n: number, width: number): string {
  return n.toString(36).padStart(width, '0');
}

/**
 * base36(n, 7) for a 32-bit n from a table of digit pairs: the hot loop names every event, and
 * Number#toString(36) costs several times more.
 */
function base36x7(n: number): string {
  const high = Math.floor(n / PAIRS_2);
  const low = n - high * PAIRS_2;
  const middle = Math.floor(low / 1296);
  return `${DIGITS[Math.floor(high / 1296)]}${DIGIT_PAIRS[high % 1296]}${DIGIT_PAIRS[middle]}${DIGIT_PAIRS[low - middle * 1296]}`;
}

const VIDEO_SUFFIXES = Array.from({ length: 1024 }, (_, n) => base36(n, 3));

export class IdScheme {
  private readonly accountSalt: number;
  private readonly eventSalt: number;
  private readonly videoSalt: number;
  private readonly videoPrefixes = new Map<number, string>();

  constructor(seed: number) {
    this.accountSalt = scramble(seed, 0x5eed);
    this.eventSalt = scramble(seed, 0xe7e7);
    this.videoSalt = scramble(seed, 0x71de);
  }

  account(index: number): string {
    return `u${base36x7(scramble(index, this.accountSalt))}`;
  }

  /** Events are numbered in output order; the high part keeps ids unique beyond 2^32 events. */
  event(counter: number): string {
    const high = Math.floor(counter / 4294967296);
    return `e${high ? base36(high, 1) : ''}${base36x7(scramble(counter >>> 0, this.eventSalt))}`;
  }

  /** The `video`-th video of a creator (the hot loop asks millions of times: the creator's part is cached). */
  video(creator: number, video: number): string {
    let prefix = this.videoPrefixes.get(creator);
    if (prefix === undefined) {
      prefix = `v${base36x7(scramble(creator, this.videoSalt))}`;
      this.videoPrefixes.set(creator, prefix);
    }
    return prefix + (VIDEO_SUFFIXES[video] ?? base36(video, 3));
  }

  /** The creator and number of an id `video()` makes, or null for an id of another shape (a LIVE room). */
  parseVideo(id: string): { creator: number; video: number } | null {
    if (id.length !== 11 || id[0] !== 'v') return null;
    const creator = unscramble(Number.parseInt(id.slice(1, 8), 36), this.videoSalt);
    const video = Number.parseInt(id.slice(8), 36);
    return Number.isInteger(video) && this.video(creator, video) === id ? { creator, video } : null;
  }

  /** A LIVE room: the creator and a session number. */
  live(creator: number, session: number): string {
    return `live${base36x7(scramble(creator, this.videoSalt))}${base36(session, 2)}`;
  }
}
