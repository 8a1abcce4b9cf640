// Seeded pseudo-random numbers for the demo town (sfc32). Every draw the generator makes comes
// from here, never from Math.random or the clock, so a seed reproduces the same town. Only
// integer arithmetic is used (no Math.log/cos), so results do not depend on the platform's libm.

/** murmur3's 32-bit finaliser: a cheap, well-mixing hash of one 32-bit value. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for (seed, stream, index): e.g. the bills of account 1234 under seed 7. */
  constructor(seed: number, stream = 0, index = 0) {
    const s = fmix32((seed >>> 0) ^ 0x9e3779b9);
    this.a = fmix32(s ^ Math.imul(stream + 1, 0x27d4eb2f));
    this.b = fmix32(this.a ^ Math.imul(index + 1, 0x165667b1));
    this.c = fmix32(this.b ^ 0x61c88647);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Roughly bell-shaped in [0, 1] with mean 0.5 (sum of three uniforms). */
  bell(): number {
    return (this.float() + this.float() + this.float()) / 3;
  }

  /** Picks an index by weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}
