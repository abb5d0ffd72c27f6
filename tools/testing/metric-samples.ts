const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/**
 * The sum of the samples of `name` whose labels include every one of `labels`, in a Prometheus
 * text exposition (a process's /metrics). 0 when there is none: a counter appears only on its
 * first increment, and a test reads it before and after.
 */
export function metricSum(exposition: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    const [, sampleName, labelText = '', value] = SAMPLE.exec(line) ?? [];
    if (sampleName !== name) continue;
    const sampleLabels = Object.fromEntries([...labelText.matchAll(LABEL)].map(([, key, text]) => [key, text]));
    if (Object.entries(labels).every(([key, text]) => sampleLabels[key] === text)) sum += Number(value);
  }
  return sum;
}

/** `metricSum` of what the process at `baseUrl` exports now. */
export async function scrapeMetric(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  return metricSum(await (await fetch(`${baseUrl}/metrics`)).text(), name, labels);
}
