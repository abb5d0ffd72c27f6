/**
 * How big a fuzz run is: schemathesis' `--max-examples` (cases per operation in the fuzzing and
 * stateful phases; the examples and coverage phases add their own deterministic cases).
 */
export interface FuzzSize {
  maxExamples: number;
  /** Fewer cases than this for one API means the document lost operations or the run stopped early. */
  minimumCases: number;
}

/** Inside `npm test`: a few hundred cases per API (most from the deterministic coverage phase), the three in parallel. */
export const SMALL_FUZZ: FuzzSize = { maxExamples: 15, minimumCases: 50 };

/** `npm run fuzz`'s default; FUZZ_MAX_EXAMPLES changes it. */
export function fuzzSizeFromEnv(env: NodeJS.ProcessEnv = process.env): FuzzSize {
  const raw = env.FUZZ_MAX_EXAMPLES ?? '500';
  const maxExamples = Number(raw);
  if (!Number.isInteger(maxExamples) || maxExamples < 1) throw new Error(`FUZZ_MAX_EXAMPLES must be a positive integer, got "${raw}"`);
  return { maxExamples, minimumCases: SMALL_FUZZ.minimumCases };
}
