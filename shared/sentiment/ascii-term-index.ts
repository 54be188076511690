import type { Term } from './lexicons';

/** FNV-1a offset basis and prime (32-bit). */
/** FNV-1a offset basis: the hash of the empty span. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Adds one code unit (lower-cased if ASCII) to an FNV-1a hash: the tokenizer hashes words while scanning them. */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ lowerAscii(code), FNV_PRIME);
}

/** ASCII upper-case letter → lower-case; every other code unit unchanged. */
function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code | 0x20 : code;
}

/**
 * Open-addressing hash table over the lower-cased ASCII words of the lexicon, looked up straight from a span of the
 * input text: the per-word `slice()` + `toLowerCase()` + `Map.get()` of the general path allocates two strings and
 * hashes them, which was a third of the engine's time. A hit returns the table's own canonical key, so known words
 * cost no allocation at all. Words with any non-ASCII character use the general path.
 */
export class AsciiTermIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  readonly keys: readonly string[];
  readonly terms: readonly Term[];

  constructor(entries: Iterable<readonly [string, Term]>) {
    const keys: string[] = [];
    const terms: Term[] = [];
    for (const [key, term] of entries) {
      if (isLowerAscii(key)) {
        keys.push(key);
        terms.push(term);
      }
    }
    let capacity = 16;
    while (capacity < keys.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.hashes = new Int32Array(keys.length);
    this.keys = keys;
    this.terms = terms;
    for (let entry = 0; entry < keys.length; entry++) {
      const key = keys[entry] ?? '';
      const hash = hashSpan(key, 0, key.length);
      this.hashes[entry] = hash;
      let slot = hash & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry + 1;
    }
  }

  get size(): number {
    return this.keys.length;
  }

  /** Entry index of `text[start, end)` lower-cased (ASCII only), or −1. */
  find(text: string, start: number, end: number): number {
    return this.findHashed(hashSpan(text, start, end), text, start, end);
  }

  /** As `find`, with the span's hash already computed (`hashStep` over its code units from `FNV_OFFSET`, then `| 0`). */
  findHashed(hash: number, text: string, start: number, end: number): number {
    const length = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const entry = (this.slots[slot] ?? 0) - 1;
      if (entry < 0) return -1;
      if (this.hashes[entry] === hash) {
        const key = this.keys[entry] ?? '';
        if (key.length === length && spanEquals(text, start, key)) return entry;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

function isLowerAscii(key: string): boolean {
  if (key.length === 0) return false;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    if (code >= 128 || (code >= 65 && code <= 90)) return false;
  }
  return true;
}

export function hashSpan(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let index = start; index < end; index++) hash = hashStep(hash, text.charCodeAt(index));
  return hash | 0;
}

function spanEquals(text: string, start: number, key: string): boolean {
  for (let offset = 0; offset < key.length; offset++) {
    if (lowerAscii(text.charCodeAt(start + offset)) !== key.charCodeAt(offset)) return false;
  }
  return true;
}

/**
 * Bounded cache keyed by a lower-cased ASCII span of text, for the words the lexicon does not know (names, nouns,
 * typos — about four in ten words of a tweet): a hit returns the stored lower-case key and value without slicing the
 * text. When `maxEntries` is reached the cache is emptied, so memory stays bounded on any input.
 */
export class AsciiWordCache<V> {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly keys: string[] = [];
  private readonly values: V[] = [];

  constructor(private readonly maxEntries: number) {
    let capacity = 16;
    while (capacity < maxEntries * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.hashes = new Int32Array(maxEntries);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Entry index of `text[start, end)` lower-cased, or −1. */
  find(text: string, start: number, end: number): number {
    return this.findHashed(hashSpan(text, start, end), text, start, end);
  }

  /** As `AsciiTermIndex.findHashed`. */
  findHashed(hash: number, text: string, start: number, end: number): number {
    const length = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const entry = (this.slots[slot] ?? 0) - 1;
      if (entry < 0) return -1;
      if (this.hashes[entry] === hash) {
        const key = this.keys[entry] ?? '';
        if (key.length === length && spanEquals(text, start, key)) return entry;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  keyAt(entry: number): string {
    return this.keys[entry] ?? '';
  }

  valueAt(entry: number): V | undefined {
    return this.values[entry];
  }

  /** Adds a lower-case ASCII key that `find` reported missing; returns its entry index. */
  add(key: string, value: V): number {
    if (this.keys.length >= this.maxEntries) this.clear();
    const entry = this.keys.length;
    const hash = hashSpan(key, 0, key.length);
    this.keys.push(key);
    this.values.push(value);
    this.hashes[entry] = hash;
    let slot = hash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry + 1;
    return entry;
  }

  clear(): void {
    this.slots.fill(0);
    this.keys.length = 0;
    this.values.length = 0;
  }
}
