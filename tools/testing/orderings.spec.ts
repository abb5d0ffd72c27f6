import { describe, expect, it } from 'vitest';
import { interleavings, permutations } from './orderings';

describe('orderings', () => {
  it('lists every permutation once', () => {
    const all = permutations([1, 2, 3]).map((p) => p.join(''));
    expect(all.sort()).toEqual(['123', '132', '213', '231', '312', '321']);
    expect(permutations([])).toEqual([[]]);
  });

  it('lists every merge of two sequences that keeps each one in order', () => {
    const all = interleavings<string | number>(['a', 'b'], [1, 2]).map((merge) => merge.join(''));
    expect(all.sort()).toEqual(['12ab', '1a2b', '1ab2', 'a12b', 'a1b2', 'ab12']);
    expect(interleavings([], ['x'])).toEqual([['x']]);
  });
});
