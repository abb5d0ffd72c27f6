import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pollUntil } from '@ftgo/platform';
import { infraSettings } from '@ftgo/tools';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, openBrowser } from './support/browser';
import { System } from './support/system';

// Short breaker settings, so that stopping kitchen opens the order service's breaker in two calls.
const BREAKERS = {
  KITCHEN_GRPC_TIMEOUT_MS: '2000',
  KITCHEN_GRPC_VOLUME_THRESHOLD: '2',
  KITCHEN_GRPC_RESET_TIMEOUT_MS: '1500',
};
/**
 * Every run leaves the page as it looked in dist/ (ignored by git); `npm run docs:screenshot` sets
 * FLOW_PAGE_SCREENSHOT to write the README's image instead.
 */
const SCREENSHOT = resolve(infraSettings().repoRoot, process.env.FLOW_PAGE_SCREENSHOT ?? 'dist/e2e/flow-page.png');
const WAIT = { timeoutMs: 30_000, intervalMs: 200 };
/** A process started again loads its modules and connects anew: over a minute on a loaded 2-core machine. */
const RESTART = { timeoutMs: 150_000, intervalMs: 500 };

interface Row {
  type: string;
  messageId: string;
  causationId: string;
}

// The flow page in a real Chromium against the real system: the learner's path through it. Each
// stop-and-start test waits for a process to come back (RESTART) on top of its other waits.
describe('the flow page', { timeout: 300_000 }, () => {
  let system: System;
  let browser: Browser;
  let page: Page;

  const timelineRows = () =>
    page.getByTestId('timeline-event').evaluateAll((rows) =>
      rows.map((row) => ({
        type: row.getAttribute('data-event-type') ?? '',
        messageId: row.getAttribute('data-message-id') ?? '',
        causationId: row.getAttribute('data-causation-id') ?? '',
      })),
    );
  const text = (testId: string) => page.getByTestId(testId).textContent();
  /** Waits until the element's text matches, and fails naming the element and its last text. */
  const shows = (testId: string, pattern: RegExp, wait = WAIT) =>
    pollUntil(`${testId} to show ${pattern}`, () => text(testId), { ...wait, until: (found) => pattern.test(found ?? '') });
  const orderForm = () => page.getByRole('form', { name: 'place an order' });
  /** Submits the form and resolves with the status of the POST /orders it made. */
  const placeOrder = async () => {
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/order/orders'));
    await orderForm().getByLabel('quantity of Chicken Vindaloo').fill('2');
    await orderForm().getByRole('button', { name: 'Place order' }).click();
    return (await answered).status();
  };
  const formAnswer = () => orderForm().getByRole('status').textContent();

  beforeAll(async () => {
    system = await System.start(BREAKERS, { flowPage: true });
    browser = await openBrowser();
    page = browser.page;
    await page.goto(system.flowPageUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows an order placed from the form, its events in causal order, who handled them, and the final state of each service', async () => {
    expect(await placeOrder()).toBe(201);
    const types = (rows: Row[]) => rows.map((row) => row.type);
    const rows = await pollUntil("the order's four events on the timeline", timelineRows, {
      ...WAIT,
      until: (found: Row[]) => ['OrderCreated', 'TicketCreated', 'PaymentAuthorized', 'OrderApproved'].every((t) => types(found).includes(t)),
    });

    const at = (type: string) => types(rows).indexOf(type);
    const row = (type: string) => rows[at(type)];
    expect(at('OrderCreated')).toBe(0);
    expect(at('TicketCreated')).toBeLessThan(at('OrderApproved'));
    expect(at('PaymentAuthorized')).toBeLessThan(at('OrderApproved'));
    expect(row('TicketCreated').causationId).toBe(row('OrderCreated').messageId);
    expect(row('PaymentAuthorized').causationId).toBe(row('OrderCreated').messageId);
    expect([row('TicketCreated').messageId, row('PaymentAuthorized').messageId]).toContain(row('OrderApproved').causationId);

    await shows('order-state', /APPROVED/);
    await shows('ticket-state', /AWAITING_ACCEPTANCE/);
    await shows('payment-state', /AUTHORIZED/);
    // OrderCreated is read by kitchen and accounting: both groups have committed past it.
    const orderCreated = page.locator('[data-event-type="OrderCreated"] .event-flow');
    await pollUntil('kitchen and accounting to have handled OrderCreated', () => orderCreated.textContent(), {
      ...WAIT,
      until: (flow) => /accounting-service ✓.*kitchen-service ✓/.test(flow ?? ''),
    });

    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('stops kitchen from the page: the breaker opens and POST /orders answers 503; started again, orders are approved', async () => {
    await page.getByRole('button', { name: 'stop kitchen-service' }).click();
    await shows('process-kitchen-service', /down.*stopped/);

    // Each POST fails (503) until the breaker has seen enough failures to open; then it fails fast.
    const answers: number[] = [];
    await pollUntil(
      'the kitchen breaker to open',
      async () => {
        answers.push(await placeOrder());
        return text('breaker-kitchen');
      },
      { ...WAIT, until: (state) => /open/.test(state ?? '') },
    );
    expect(new Set(answers)).toEqual(new Set([503]));
    await pollUntil('the form to show the 503 and its Retry-After', formAnswer, {
      ...WAIT,
      until: (answer) => /POST \/orders: 503 \(Retry-After: \d+ s\)/.test(answer ?? ''),
    });

    await page.getByRole('button', { name: 'start kitchen-service' }).click();
    await shows('process-kitchen-service', /ok.*running/, RESTART);
    // The open breaker lets a trial call through after its reset timeout; kitchen answers, it closes.
    await pollUntil('an order to be accepted again', placeOrder, { ...WAIT, until: (status) => status === 201 });
    await shows('order-state', /APPROVED/);
    await shows('breaker-kitchen', /closed/);
  });

  it('stops the order relay from the page: a new order waits in the outbox, and its events follow once the relay is back', async () => {
    await page.getByRole('button', { name: 'stop order-relay' }).click();
    await shows('process-order-relay', /down.*stopped/);

    expect(await placeOrder()).toBe(201);
    const placedAt = Date.now();
    await shows('waiting-in-outbox', /in order-service's outbox/);
    expect(await page.getByTestId('timeline-event').count()).toBe(0);
    await shows('backlog-order-relay', /relay down/);

    const restartedAt = Date.now();
    await page.getByRole('button', { name: 'start order-relay' }).click();
    const created = page.locator('[data-event-type="OrderCreated"]');
    await pollUntil('OrderCreated on the timeline', () => created.count(), { ...RESTART, until: (count) => count === 1 });
    // Written before the POST answered, published only after the relay was started again.
    expect(Number(await created.getAttribute('data-outbox-ms'))).toBeGreaterThanOrEqual(restartedAt - placedAt);
    await shows('order-state', /APPROVED/);
  });
});
