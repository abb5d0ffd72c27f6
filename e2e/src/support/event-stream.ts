/** One server-sent event as a client receives it. */
export interface ServerSentEvent {
  type: string;
  data: unknown;
}

export interface EventStream {
  readonly status: number;
  readonly events: ServerSentEvent[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens `url` as text/event-stream and collects its events as they arrive. */
export async function openEventStream(url: string): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  const events: ServerSentEvent[] = [];
  const ended = (async () => {
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return;
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk, { stream: true });
        const blocks = buffered.split('\n\n');
        buffered = blocks.pop() ?? '';
        for (const block of blocks) {
          const fields = Object.fromEntries(
            block.split('\n').filter((line) => line && !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
          );
          if (fields.data !== undefined) events.push({ type: fields.event ?? 'message', data: JSON.parse(fields.data) });
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return { status: response.status, events, ended, close: () => abort.abort() };
}
