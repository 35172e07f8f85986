import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorage } from './sqlite.ts';

const record = { id: 's1', title: 'Drill', scenarioId: 'small-broker', createdAt: 1, createdBy: 'Li' };

describe('SQLite storage', () => {
  it('appends updates in order and loads checkpoint plus tail', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'twinlab-db-')), 'db.sqlite');
    const db = new SqliteStorage(file);
    await db.createSession(record, new Uint8Array([1]));
    const last = await db.appendUpdates('s1', [new Uint8Array([2]), new Uint8Array([3])]);
    await db.compact('s1', new Uint8Array([9]), last - 1);
    await db.appendUpdates('s1', [new Uint8Array([4])]);
    await db.close();
    const again = new SqliteStorage(file, 'normal');
    const loaded = await again.loadSession('s1');
    expect(loaded).toMatchObject({ record, checkpoint: new Uint8Array([9]), updates: [new Uint8Array([3]), new Uint8Array([4])] });
    expect((await again.getSession('s1'))?.updateCount).toBe(2);
    expect(await again.loadSession('nope')).toBeUndefined();
    await again.close();
  });

  it('records and revokes invitations per session', async () => {
    const db = new SqliteStorage(':memory:');
    await db.createSession(record, new Uint8Array([1]));
    const inv = { jti: 'j1', sessionId: 's1', role: 'engineer' as const, name: 'Wang', createdAt: 1, expiresAt: 2, revokedAt: null };
    await db.saveInvitation(inv);
    expect(await db.revokeInvitation('other', 'j1', 5)).toBeUndefined();
    expect(await db.revokeInvitation('s1', 'j1', 5)).toMatchObject({ revokedAt: 5 });
    expect(await db.listInvitations('s1')).toMatchObject([{ jti: 'j1', revokedAt: 5 }]);
  });
});
