import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './compose-model';

/** One Dockerfile instruction, continuation lines joined, with the stage it belongs to. */
export interface Instruction {
  keyword: string;
  args: string;
  stage: string;
}

/** Reads a Dockerfile into instructions; enough of the syntax for the checks in dockerfile.spec.ts. */
export function parseDockerfile(file = 'Dockerfile'): Instruction[] {
  const text = readFileSync(resolve(repoRoot, file), 'utf8').replace(/\\\r?\n/g, ' ');
  const instructions: Instruction[] = [];
  let stage = '';
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const keyword = match[1].toUpperCase();
    const args = match[2].trim();
    if (keyword === 'FROM') stage = /\s+AS\s+(\S+)/i.exec(args)?.[1] ?? '';
    instructions.push({ keyword, args, stage });
  }
  return instructions;
}

/** `COPY [--flags] src... dest`: the flags and the paths apart. */
export function copyParts(args: string): { flags: string[]; sources: string[]; destination: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  return { flags, sources: paths.slice(0, -1), destination: paths[paths.length - 1] };
}

/** The exec-form argument list of CMD/ENTRYPOINT/HEALTHCHECK CMD; shell form is refused. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error(`not exec form: ${args}`);
  return parsed.map(String);
}

/** Whether a .dockerignore pattern keeps a path (relative to the context) out of the build context. */
export function isIgnored(path: string, patterns: string[]): boolean {
  const segments = path.split('/');
  return patterns.some((pattern) => {
    if (pattern.startsWith('**/')) return segments.includes(pattern.slice(3));
    return path === pattern || path.startsWith(`${pattern}/`);
  });
}

export function dockerignorePatterns(file = '.dockerignore'): string[] {
  return readFileSync(resolve(repoRoot, file), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
