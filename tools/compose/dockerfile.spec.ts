import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROCESSES, SERVICES } from '../dev/services';
import { IMAGE_NODE_VERSION } from '../node/service-node';
import { containerNameOf, loadCompose, repoRoot } from './compose-model';
import { copyParts, dockerignorePatterns, execForm, type Instruction, isIgnored, parseDockerfile } from './dockerfile-model';

// Without a Docker engine (`npm run docker:check` is the run on one): what `docker build` would
// trip over, checked from the text.
const instructions = parseDockerfile();
const compose = loadCompose();
const stageNames = new Set(instructions.filter((i) => i.keyword === 'FROM').map((i) => i.stage));
const WORKDIR = '/app';

const inStage = (stage: string, keyword: string): Instruction[] =>
  instructions.filter((i) => i.stage === stage && i.keyword === keyword);

/** tools/build/build.ts writes `<file>.ts` to `dist/<file>.js`: the source a built entry comes from. */
function sourceOfBuiltEntry(entry: string): string {
  expect(entry, 'a built entry lies under dist/').toMatch(/^dist\/.+\.js$/);
  return entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

/** The script argument of a `node [--flags] <script>` command; refuses npm and shells. */
function nodeScript(command: string[]): string {
  expect(command[0], command.join(' ')).toBe('node');
  return command.slice(1).find((arg) => !arg.startsWith('-'))!;
}

describe('Dockerfile', () => {
  // A `# syntax=` directive makes every build pull its frontend image first: no offline build.
  it('builds with the engine\'s built-in frontend, so a build pulls nothing but the base image', () => {
    const text = readFileSync(resolve(repoRoot, 'Dockerfile'), 'utf8');
    const directives = text.split(/\r?\n/).filter((line) => /^#\s*[a-z]+\s*=/i.test(line));
    expect(directives).toEqual([]);
  });

  it('builds on Node 24 slim, the LTS line', () => {
    expect(instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='))?.args).toMatch(/^NODE_IMAGE=node:24-[a-z]+-slim$/);
    const bases = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args.split(/\s+/)[0]);
    expect(bases.every((base) => base === '${NODE_IMAGE}' || stageNames.has(base)), bases.join(', ')).toBe(true);
  });

  it('ships the Node major the e2e tests run the services on', () => {
    const image = instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='))?.args ?? '';
    expect(/^NODE_IMAGE=node:(\d+)-/.exec(image)?.[1]).toBe(IMAGE_NODE_VERSION.split('.')[0]);
  });

  it('copies only files that exist in the repository and that .dockerignore lets into the context', () => {
    const patterns = dockerignorePatterns();
    const sources = instructions
      .filter((i) => i.keyword === 'COPY' && !copyParts(i.args).flags.some((flag) => flag.startsWith('--from=')))
      .flatMap((i) => copyParts(i.args).sources);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(resolve(repoRoot, source)), `${source} exists`).toBe(true);
      expect(isIgnored(source, patterns), `${source} is not in .dockerignore`).toBe(false);
    }
  });

  it('copies from earlier stages only what those stages produce', () => {
    for (const copy of instructions.filter((i) => i.keyword === 'COPY' && i.args.includes('--from='))) {
      const { flags, sources } = copyParts(copy.args);
      const from = flags.find((flag) => flag.startsWith('--from='))!.slice('--from='.length);
      expect(stageNames.has(from), `stage ${from}`).toBe(true);
      for (const source of sources) expect(source, copy.args).toMatch(/^\/app\/(node_modules|dist\/(libs|apps\/([a-z]+-service|flow-page)))$/);
    }
  });

  it('compiles every service with tools/build/build.ts in the build stage', () => {
    const build = inStage('build', 'RUN').map((i) => i.args).join('\n');
    expect(build).toContain('tools/build/build.ts');
    for (const service of SERVICES) expect(build).toContain(`apps/${service}-service`);
  });

  it('ships production dependencies only and runs as the unprivileged node user', () => {
    // --omit=optional as well: the optional peers the dev tools share (typescript, babel) stay out.
    expect(inStage('prod-deps', 'RUN').map((i) => i.args).join('\n')).toMatch(/npm ci --omit=dev --omit=optional /);
    expect(inStage('runtime', 'COPY').map((i) => i.args)).toContain('--from=prod-deps /app/node_modules node_modules');
    expect(inStage('runtime', 'USER').map((i) => i.args)).toEqual(['node']);
    expect(inStage('runtime', 'WORKDIR').map((i) => i.args)).toEqual([WORKDIR]);
  });

  it('checks liveness with node itself (no curl in slim) on the port the container serves', () => {
    const [healthcheck] = inStage('runtime', 'HEALTHCHECK');
    const command = execForm(healthcheck.args);
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    expect(command[2]).toMatch(/fetch\('http:\/\/127\.0\.0\.1:'\+process\.env\.HTTP_PORT\+'\/health\/live'\)/);
  });

  describe.each(SERVICES.map((service) => [`${service}-service`]))('target %s', (target) => {
    const apiSpec = PROCESSES.find((spec) => spec.role === 'api' && `${spec.service}-service` === target)!;

    it("starts node itself (no npm, no shell) on the API entry that the build writes from the app's main.ts", () => {
      const [cmd] = inStage(target, 'CMD');
      const script = nodeScript(execForm(cmd.args));
      expect(script).toBe(`dist/apps/${target}/src/${apiSpec.entry}`);
      expect(existsSync(resolve(repoRoot, sourceOfBuiltEntry(script))), sourceOfBuiltEntry(script)).toBe(true);
      expect(inStage(target, 'COPY').map((i) => copyParts(i.args).destination)).toContain(`dist/apps/${target}`);
    });

    it('exposes the ports and sets the HTTP_PORT that compose gives the API', () => {
      const env = compose.services[target].environment ?? {};
      const exposed = inStage(target, 'EXPOSE').flatMap((i) => i.args.split(/\s+/));
      expect(exposed.sort()).toEqual([env.HTTP_PORT, env.GRPC_PORT].filter(Boolean).map(String).sort());
      expect(inStage(target, 'ENV').map((i) => i.args)).toContain(`HTTP_PORT=${env.HTTP_PORT}`);
    });

    it('is the target compose builds for the API and its relay', () => {
      expect(stageNames.has(target)).toBe(true);
      expect(compose.services[target].build?.target).toBe(target);
    });
  });

  it.each(PROCESSES.filter((spec) => spec.role === 'relay').map((spec) => [containerNameOf(spec), spec] as const))(
    '%s runs node on the relay entry that the build writes from the app\'s relay.ts',
    (name, spec) => {
      const script = nodeScript(compose.services[name].command ?? []);
      expect(script).toBe(`dist/apps/${spec.service}-service/src/${spec.entry}`);
      expect(existsSync(resolve(repoRoot, sourceOfBuiltEntry(script))), sourceOfBuiltEntry(script)).toBe(true);
    },
  );
});
