import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MAVEN_TIMEOUT_MS = 10 * 60_000; // a first download is tens of MB of jars

export function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(`${stdout}${stderr}`);
      const why = error.killed ? `timed out after ${timeoutMs} ms` : `${stdout}${stderr}`.trim() || error.message;
      reject(new Error(`${file} ${args.join(' ')} failed: ${why}`));
    });
  });
}

/** Java 17+ runs Kafka 4.x and Debezium 3.x; an older JVM fails with an unreadable UnsupportedClassVersionError. */
export async function requireJava(what: string, alternative: string): Promise<void> {
  const out = await run('java', ['-version'], 30_000).catch(() => ''); // -version prints to stderr
  const major = Number(/version "(\d+)/.exec(out)?.[1]);
  if (major >= 17) return;
  const found = out ? `found ${out.split('\n')[0]}` : 'no java on PATH';
  throw new Error(`Java 17+ is required to run ${what} natively: install a JDK or ${alternative} (${found})`);
}

/**
 * The jars a pom lists (runtime scope), copied by Maven into `dir` once. A `.complete` marker,
 * written last, tells a finished folder from one an interrupted run left half-copied. Maven is
 * only the downloader: needed once per pinned version, then never again.
 */
export async function ensureMavenJars(options: {
  pom: string;
  dir: string;
  what: string;
  /** What the user can do instead of installing Maven, for the error message. */
  alternative: string;
  log: (line: string) => void;
}): Promise<string> {
  const marker = join(options.dir, '.complete');
  if (existsSync(marker)) return options.dir;
  await run('mvn', ['-v'], 60_000).catch(() => {
    throw new Error(`Maven is required once, to download the ${options.what} jars: install Maven 3.6+ or ${options.alternative}`);
  });
  rmSync(options.dir, { recursive: true, force: true });
  options.log(`downloading ${options.what} jars with Maven into ${options.dir} (first run only)`);
  const copy = ['dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${options.dir}`];
  await run('mvn', ['-B', '-q', '-f', options.pom, ...copy], MAVEN_TIMEOUT_MS);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return options.dir;
}

/** The one version a pom pins in `<name>`: the pom is the single place it is written down. */
export function pinnedProperty(pomText: string, name: string, pom: string): string {
  const match = new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)</${name.replace(/\./g, '\\.')}>`).exec(pomText);
  if (!match) throw new Error(`${pom} does not define <${name}>`);
  return match[1].trim();
}
