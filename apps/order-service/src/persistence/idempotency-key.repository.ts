import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredIdempotencyKey } from '../application/idempotency-key';

@Injectable()
export class IdempotencyKeyRepository {
  async find(manager: EntityManager, key: string): Promise<StoredIdempotencyKey | undefined> {
    const rows: Array<{ key: string; request_hash: string; order_id: string }> = await manager.query(
      'SELECT key, request_hash, order_id FROM idempotency_key WHERE key = $1',
      [key],
    );
    return rows[0] && { key: rows[0].key, requestHash: rows[0].request_hash, orderId: rows[0].order_id };
  }

  /**
   * Claims the key inside the order's transaction. When two requests race with the same key, the
   * second INSERT waits for the first transaction and then finds the key taken: false.
   */
  async claim(manager: EntityManager, stored: StoredIdempotencyKey): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO idempotency_key (key, request_hash, order_id) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [stored.key, stored.requestHash, stored.orderId],
    );
    return rows.length === 1;
  }
}
