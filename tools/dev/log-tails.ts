/**
 * What explains a start that failed: the last `count` lines each process wrote (the launcher
 * prefixes every line with `[name]`), not only the chattiest one's.
 */
export function lastLinesPerProcess(log: string[], count = 6): string[] {
  const names = [...new Set(log.map((line) => /^\[([\w-]+)\]/.exec(line)?.[1]))];
  return names.flatMap((name) => log.filter((line) => line.startsWith(`[${name}]`)).slice(-count));
}
