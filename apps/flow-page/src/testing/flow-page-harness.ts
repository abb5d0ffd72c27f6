// Test support: the flow page's server on the shared Kafka of the test run, with a producer that
// publishes as a service's relay would and a reader of its server-sent events.
import { randomUUID } from 'node:crypto';
import { MessageHeaders, Topics } from '@ftgo/contracts';
import { createKafka, ensureTopics, pollUntil, type RunningService, startService } from '@ftgo/platform';
import { freePort } from '@ftgo/tools';
import { Partitioners, type Producer } from 'kafkajs';
import { loadFlowPageConfig } from '../config/flow-page.config';
import { FlowPageModule } from '../flow-page.module';
import { APP_OPTIONS, configureHttp } from '../http/configure-http';
import type { FlowEvent } from '../shared/flow-api';

export interface EventStream {
  /** Resolves with the first event `wanted` accepts, read from the stream as it arrives. */
  next(wanted: (event: FlowEvent) => boolean): Promise<FlowEvent>;
  /** Resolves once the server has ended the stream. */
  ended: Promise<void>;
  close(): void;
}

export interface FlowPageHarness {
  url: string;
  running: RunningService;
  /** Publishes an order event as order's relay would; returns its message id. */
  publishOrderEvent(eventType: string, payload: { orderId: string }): Promise<string>;
  /** Opens GET /api/events as a browser's EventSource would. */
  openEvents(): Promise<EventStream>;
  /** Stops the page and the producer; safe to call twice. */
  stop(): Promise<void>;
}

export async function startFlowPageHarness(): Promise<FlowPageHarness> {
  const brokers = process.env.KAFKA_BROKERS ?? '';
  const kafka = createKafka(`flow-page-test-${randomUUID()}`, brokers.split(','));
  // The services create these as they start; here nobody else does.
  await ensureTopics(kafka, Object.values(Topics).map((topic) => ({ topic })));
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const config = loadFlowPageConfig({
    KAFKA_BROKERS: brokers,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    KAFKA_MAX_WAIT_MS: '200',
  });
  const running = await startService('flow-page', FlowPageModule.forRoot(config), config, (app) => configureHttp(app, config), APP_OPTIONS);
  await pollUntil('the flow page to tail the topics', async () => (await fetch(`${running.url}/health/ready`)).status === 200);
  let stopping: Promise<void> | undefined;
  return {
    url: running.url,
    running,
    publishOrderEvent: (eventType, payload) => publish(producer, eventType, payload),
    openEvents: () => openEvents(`${running.url}/api/events`),
    stop: () =>
      (stopping ??= (async () => {
        await producer.disconnect();
        await running.stop();
      })()),
  };
}

async function publish(producer: Producer, eventType: string, payload: { orderId: string }): Promise<string> {
  const messageId = randomUUID();
  await producer.send({
    topic: Topics.order,
    acks: -1,
    messages: [
      {
        key: payload.orderId,
        value: JSON.stringify(payload),
        headers: {
          [MessageHeaders.messageId]: messageId,
          [MessageHeaders.eventType]: eventType,
          [MessageHeaders.aggregateType]: 'Order',
          [MessageHeaders.aggregateId]: payload.orderId,
          [MessageHeaders.correlationId]: `corr-${payload.orderId}`,
        },
      },
    ],
  });
  return messageId;
}

async function openEvents(url: string): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  const received: FlowEvent[] = [];
  let buffer = '';
  const ended = (async () => {
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += chunk.value;
        const frames = buffer.split('\n\n');
        buffer = frames.pop() ?? '';
        for (const frame of frames) {
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data) received.push(JSON.parse(data.slice('data: '.length)) as FlowEvent);
        }
      }
    } catch (error) {
      // Our own close() aborts the read; a server that cuts the connection ends it too.
      if (!abort.signal.aborted && !(error instanceof TypeError)) throw error;
    }
  })();
  return {
    next: (wanted) => pollUntil('the event on the stream', () => received.find(wanted)),
    ended,
    close: () => abort.abort(),
  };
}
