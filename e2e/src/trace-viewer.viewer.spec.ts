import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { pollUntil } from '@ftgo/platform';
import { installedPhoenix, type RunningPhoenix, startPhoenix } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The flow page's own link builder: the link a learner clicks is the one opened here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { traceLink } from '../../apps/flow-page/web/src/timeline';
import { type Browser, openBrowser } from './support/browser';

// Below the ephemeral range, clear of the e2e system's ports (E2E_PORT_BASE + 0…70).
const base = Number(process.env.E2E_PORT_BASE || 29_000);
const PORTS = { http: base + 90, grpc: base + 91 };

interface OtlpSpan {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
}

// `npm start`'s trace viewer as the real process: its UI is served, and a trace exported to it by
// the same OTLP/protobuf exporter the services use is found by id through its API and opens in the UI.
describe('the native trace viewer (Phoenix)', () => {
  let viewer: RunningPhoenix;
  let workingDir: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    workingDir = await mkdtemp(join(tmpdir(), 'ftgo-phoenix-'));
    viewer = await startPhoenix(installedPhoenix()!, PORTS, workingDir);
  });

  afterAll(async () => {
    await browser?.close();
    await viewer?.stop();
    await rm(workingDir, { recursive: true, force: true });
  });

  /** A request span with a child, exported as a service does with OTEL_EXPORTER_OTLP_ENDPOINT set. */
  async function exportTrace(): Promise<{ traceId: string; spanIds: string[] }> {
    const exporter = new OTLPTraceExporter({ url: `${viewer.otlpUrl}/v1/traces` });
    const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'order-service' }), spanProcessors: [new BatchSpanProcessor(exporter)] });
    const tracer = provider.getTracer('trace-viewer-test');
    const request = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER });
    const { traceId, spanId } = request.spanContext();
    const validate = tracer.startSpan('kitchen.v1.KitchenService/ValidateOrder', { kind: SpanKind.CLIENT }, trace.setSpan(ROOT_CONTEXT, request));
    validate.end();
    request.end();
    await provider.shutdown();
    return { traceId, spanIds: [spanId, validate.spanContext().spanId] };
  }

  it('serves its UI: the page and the script bundle it loads', async () => {
    const page = await fetch(viewer.url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<title>Phoenix</title>');
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(new URL(script!, viewer.url));
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  });

  it('finds an exported trace by its id through its API, and its trace link opens that trace in the UI', async () => {
    const { traceId, spanIds } = await exportTrace();

    const api = `${viewer.url}/v1/projects/default/spans/otlpv1?trace_id=${traceId}`;
    const found = async () => ((await (await fetch(api)).json()) as { data: OtlpSpan[] }).data;
    const spans = await pollUntil(`trace ${traceId} in the viewer's API`, found, { until: (data) => data.length === 2, timeoutMs: 60_000, intervalMs: 500 });
    expect(spans.map((span) => span.span_id).sort()).toEqual([...spanIds].sort());
    expect(spans.every((span) => span.trace_id === traceId)).toBe(true);
    expect(spans.find((span) => span.name === 'kitchen.v1.KitchenService/ValidateOrder')?.parent_span_id).toBe(spanIds[0]);

    // The flow page's link for an event of this trace (TRACE_VIEWER_URL as npm start sets it), in a real browser.
    const link = traceLink(viewer.traceUrl, `00-${traceId}-${spanIds[0]}-01`)!;
    browser = await openBrowser();
    await browser.page.goto(link);
    await browser.page.getByText(traceId).first().waitFor({ timeout: 60_000 });
    await browser.page.getByText('kitchen.v1.KitchenService/ValidateOrder').first().waitFor({ timeout: 60_000 });
    expect(browser.page.url()).toContain(traceId);
  });
});
