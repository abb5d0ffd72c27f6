/**
 * The outbox of one service database: how far behind the relay is, and its failed rows.
 *   DATABASE_URL=... node --import tsx libs/outbox/src/admin/outbox-admin.cli.ts backlog
 *   DATABASE_URL=... node --import tsx libs/outbox/src/admin/outbox-admin.cli.ts failed
 *   DATABASE_URL=... node --import tsx libs/outbox/src/admin/outbox-admin.cli.ts requeue [id ...]
 * `backlog` counts unpublished rows in either relay mode (log-tailing leaves published rows
 * `pending`: its log position says they are on Kafka).
 */
import { Client } from 'pg';
import { readBacklog } from '../observability/backlog-query';
import { listFailed, requeueFailed } from './failed-messages';

async function main([command, ...ids]: string[]): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !['backlog', 'failed', 'requeue'].includes(command)) {
    throw new Error('usage: DATABASE_URL=postgres://... outbox-admin (backlog | failed | requeue [id ...])');
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (command === 'backlog') console.table([await readBacklog(async (sql, params) => (await client.query(sql, params)).rows)]);
    else if (command === 'failed') console.table(await listFailed(client));
    else console.log(`requeued ${await requeueFailed(client, ids.length ? ids : undefined)} message(s)`);
  } finally {
    await client.end();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
