/**
 * The generator's edits of YAML, shell and Dockerfile text. A new service's blocks in the files
 * that list every service (docker-compose.yml, the Dockerfile, the Kubernetes overlays) are copies
 * of a sibling service's blocks with the names and ports renamed, so that they always have the
 * shape those files have now. Each edit fails with the file's name when it cannot find its place.
 */
import { EditError } from './source-edits';

/** The names and ports by which one service appears in deployment files. */
export interface ServiceIdentity {
  name: string;
  httpPort: number;
  relayPort: number;
  grpcPort: number;
}

const word = (name: string) => new RegExp(`(?<![A-Za-z0-9])${name}(?![A-Za-z0-9])`, 'g');
const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

/** `kitchen-service`, `kitchen_db`, `KITCHEN_DB_PASSWORD`, `Kitchen` and its three ports, as another service's. */
export function renameService(text: string, from: ServiceIdentity, to: ServiceIdentity): string {
  const pairs: [RegExp, string][] = [
    [word(from.name), to.name],
    [word(capitalised(from.name)), capitalised(to.name)],
    [word(from.name.toUpperCase()), to.name.toUpperCase()],
    [word(String(from.httpPort)), String(to.httpPort)],
    [word(String(from.relayPort)), String(to.relayPort)],
    [word(String(from.grpcPort)), String(to.grpcPort)],
  ];
  return pairs.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

export class TextFile {
  lines: string[];

  constructor(
    readonly path: string,
    text: string,
  ) {
    this.lines = text.split('\n');
  }

  toString(): string {
    return this.lines.join('\n');
  }

  /** The index of the first line matching, at or after `from`. */
  find(pattern: RegExp, from = 0, to = this.lines.length): number {
    for (let index = from; index < to; index++) if (pattern.test(this.lines[index])) return index;
    throw new EditError(`${this.path}: no line matching ${pattern} to edit`);
  }

  /** The index of the last line matching within [from, to). */
  findLast(pattern: RegExp, from = 0, to = this.lines.length): number {
    for (let index = to - 1; index >= from; index--) if (pattern.test(this.lines[index])) return index;
    throw new EditError(`${this.path}: no line matching ${pattern} to edit`);
  }

  /** [start, end) of the paragraph that starts at `start`: up to the next blank line. */
  paragraph(start: number): [number, number] {
    let end = start + 1;
    while (end < this.lines.length && this.lines[end].trim() !== '') end++;
    return [start, end];
  }

  /** [start, end) of the YAML item or key at `start` with every more deeply indented line after it. */
  item(start: number): [number, number] {
    const indent = (line: string) => line.length - line.trimStart().length;
    const own = indent(this.lines[start]);
    let end = start + 1;
    while (end < this.lines.length && this.lines[end].trim() !== '' && indent(this.lines[end]) > own) end++;
    return [start, end];
  }

  slice([start, end]: [number, number]): string[] {
    return this.lines.slice(start, end);
  }

  insertAfter(index: number, lines: string[]): void {
    this.lines.splice(index + 1, 0, ...lines);
  }

  replaceLine(index: number, line: string): void {
    this.lines[index] = line;
  }
}
