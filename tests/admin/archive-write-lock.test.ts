// The archive write lock: one holder at a time, in arrival order, and a failing holder
// does not block the ones after it.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AsyncMutex } from '../../server/admin/archive-write-lock.ts';

describe('AsyncMutex', () => {
  it('runs holders one at a time, in the order they arrived', async () => {
    const lock = new AsyncMutex();
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [30, 5, 20, 1].map((ms, i) =>
        lock.run(async () => {
          running++;
          most = Math.max(most, running);
          await sleep(ms);
          order.push(i);
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(lock.pending).toBe(0);
  });

  it('passes a holder’s error to its caller only', async () => {
    const lock = new AsyncMutex();
    const failing = lock.run(() => Promise.reject(new Error('écriture refusée')));
    const next = lock.run(() => Promise.resolve('suivant'));
    await expect(failing).rejects.toThrow('écriture refusée');
    await expect(next).resolves.toBe('suivant');
  });
});
