/** `npm run jaeger:build`: builds the trace viewer `npm start` runs, once per machine. */
import { buildJaeger, JAEGER_MODULE_VERSION } from './jaeger';

console.log(`Building Jaeger (Go module ${JAEGER_MODULE_VERSION}) into .infra/tools/; the first build takes several minutes...`);
buildJaeger().then(
  (binary) => console.log(`Jaeger: ${binary}. \`npm start\` now runs it with the system.`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
