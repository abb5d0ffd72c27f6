import { type ComposeFile, interpolate, repoRoot } from '../compose/compose-model';
import { parseDockerfile } from '../compose/dockerfile-model';
import { docker, dockerOk } from './docker-cli';

export interface BuiltImage {
  image: string;
  target: string;
  buildSeconds: number;
  sizeBytes: number;
  nodeModulesBytes: number;
}

const BUILD_TIMEOUT_MS = 30 * 60_000;

/** An engine without a bridge network (rootless set-ups, some CI) can only build on the host's. */
async function buildNetwork(): Promise<string[]> {
  const bridge = await docker(['network', 'inspect', 'bridge']);
  return bridge.code === 0 ? [] : ['--network', 'host'];
}

/** The base image the Dockerfile names by default (`ARG NODE_IMAGE=...`). */
export function baseImage(): string {
  const arg = parseDockerfile().find((instruction) => instruction.keyword === 'ARG' && instruction.args.startsWith('NODE_IMAGE='));
  if (!arg) throw new Error('the Dockerfile has no ARG NODE_IMAGE');
  return arg.args.slice('NODE_IMAGE='.length);
}

export async function imageSize(image: string): Promise<number> {
  return Number(await dockerOk(['image', 'inspect', '--format', '{{.Size}}', image]));
}

/** Builds each target compose builds (the APIs' `build:`), in compose's order, and measures it. */
export async function buildImages(compose: ComposeFile, log: (line: string) => void): Promise<BuiltImage[]> {
  const network = await buildNetwork();
  const built: BuiltImage[] = [];
  for (const service of Object.values(compose.services)) {
    if (!service.build?.target || !service.image) continue;
    const image = interpolate(service.image, process.env);
    const target = service.build.target;
    log(`building ${image} (target ${target})`);
    const started = Date.now();
    await dockerOk(['build', ...network, '--target', target, '--tag', image, repoRoot], BUILD_TIMEOUT_MS);
    const buildSeconds = (Date.now() - started) / 1000;
    const du = await dockerOk(['run', '--rm', '--network', 'none', '--entrypoint', 'du', image, '-sk', '/app/node_modules']);
    built.push({ image, target, buildSeconds, sizeBytes: await imageSize(image), nodeModulesBytes: Number(du.split(/\s/)[0]) * 1024 });
  }
  return built;
}

/** The Node.js version inside an image. */
export async function nodeVersionOf(image: string): Promise<string> {
  return dockerOk(['run', '--rm', '--network', 'none', '--entrypoint', 'node', image, '--version']);
}
