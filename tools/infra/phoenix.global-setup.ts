import { installPhoenix } from './phoenix';

/** The trace viewer's test needs the viewer: installed here once per machine (several minutes), then reused. */
export default async function setup(): Promise<void> {
  await installPhoenix((line) => console.log(`[viewer] ${line}`));
}
