/**
 * Lists and requeues failed outbox rows of one service database:
 *   DATABASE_URL=... node --import tsx libs/outbox/src/admin/outbox-admin.cli.ts failed
 *   DATABASE_URL=... node --import tsx libs/outbox/src/admin/outbox-admin.cli.ts requeue [id ...]
 */
import { Client } from 'pg';
import { listFailed, requeueFailed } from './failed-messages';

async function main([command, ...ids]: string[]): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !['failed', 'requeue'].includes(command)) {
    throw new Error('usage: DATABASE_URL=postgres://... outbox-admin (failed | requeue [id ...])');
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (command === 'failed') console.table(await listFailed(client));
    else console.log(`requeued ${await requeueFailed(client, ids.length ? ids : undefined)} message(s)`);
  } finally {
    await client.end();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
