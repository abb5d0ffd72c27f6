import { kustomizeBinary } from './kustomize';

/**
 * The first run on a machine builds kustomize with Go before any test starts: a cold build on a
 * busy machine can take minutes, which is set-up, not the time a test's hook should wait.
 */
export default async function setup() {
  await kustomizeBinary();
}
