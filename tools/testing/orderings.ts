// Test support: every order in which independent things can happen, for tests that must hold
// whatever the delivery order (at-least-once messaging across topics, users acting any time).

/** Every ordering of `items`. */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

/** Every merge of two sequences that keeps the order within each (one Kafka partition, one user's clicks). */
export function interleavings<T>(first: readonly T[], second: readonly T[]): T[][] {
  if (first.length === 0) return [[...second]];
  if (second.length === 0) return [[...first]];
  const [a, ...restOfFirst] = first;
  const [b, ...restOfSecond] = second;
  return [
    ...interleavings(restOfFirst, second).map((rest) => [a, ...rest]),
    ...interleavings(first, restOfSecond).map((rest) => [b, ...rest]),
  ];
}
