/** `npm run viewer:install`: installs the trace viewer `npm start` runs (Phoenix), once per machine. */
import { installPhoenix, PHOENIX_VERSION } from './phoenix';

console.log(`Installing Phoenix ${PHOENIX_VERSION} into .infra/tools/ (Python 3.11+, about 1 GB); the first install takes several minutes...`);
installPhoenix().then(
  (executable) => console.log(`Phoenix: ${executable}. \`npm start\` now runs it with the system and turns tracing on.`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
