// The LRU behind the search result cache and the compressed-answer memo.
import { describe, expect, it } from 'vitest';
import { BoundedLru } from '../../server/shared/bounded-lru.ts';

describe('BoundedLru', () => {
  it('evicts the least recently used entries beyond its byte budget', () => {
    const lru = new BoundedLru<string>(Number.POSITIVE_INFINITY, 10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    expect(lru.get('a')).toBe('A'); // now b is the oldest
    lru.set('c', 'C', 4);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['A', undefined, 'C']);
    expect(lru.totalBytes).toBe(8);
  });

  it('replaces a key without counting it twice, and evicts beyond its entry count', () => {
    const lru = new BoundedLru<number>(2, Number.POSITIVE_INFINITY);
    lru.set('a', 1, 5);
    lru.set('a', 2, 7);
    expect([lru.size, lru.totalBytes, lru.get('a')]).toEqual([1, 7, 2]);
    lru.set('b', 3, 1);
    lru.set('c', 4, 1);
    expect([lru.size, lru.get('a')]).toEqual([2, undefined]);
  });
});
