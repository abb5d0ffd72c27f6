import type { EntityManager } from 'typeorm';

/**
 * Records that `group` handled `messageId`, inside the caller's transaction. Returns false when
 * the row was already there: the message is a duplicate and its handler must not run.
 *
 * ON CONFLICT DO NOTHING instead of catching a unique violation: a failed statement would abort
 * the whole transaction, and a concurrent duplicate waits on the first one's row lock and then
 * sees it, so exactly one of them proceeds.
 */
export async function claimMessage(manager: EntityManager, group: string, messageId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO processed_message (consumer_group, message_id) VALUES ($1, $2)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [group, messageId],
  );
  return rows.length === 1;
}
