import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseClock } from '@twinlab/shared/scenario/units';
import { decodeSnapshot } from '@twinlab/shared/engine/snapshot-wire';
import { hashValue } from '@twinlab/shared/engine/snapshot';
import { createApp } from '../app.ts';
import { testServices } from '../../test/support/services.ts';
import type { Services } from '../services.ts';
import { DEFAULT_SNAPSHOT_LIMITS } from './snapshot-route.ts';

const clock = { now: Date.now() };
let services: Services;
let app: ReturnType<typeof createApp>;
let runs: { until: number; from: boolean }[];

function build(limits = DEFAULT_SNAPSHOT_LIMITS) {
  services = { ...testServices(clock), snapshotLimits: limits };
  const inner = services.runner;
  runs = [];
  // Count the engine runs the route asks for: N joiners of one minute must cost one.
  services.runner = { run: (inputs, o) => (runs.push({ until: inputs.until, from: Boolean(inputs.from) }), inner.run(inputs, o)), close: () => inner.close() };
  app = createApp(services);
}
beforeEach(() => {
  clock.now = Date.now();
  build();
});

const at = (hms: string) => parseClock(hms)!;
const headers = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
const post = (path: string, token: string, body: unknown) => app.request(path, { method: 'POST', headers: headers(token), body: JSON.stringify(body) });
const get = (path: string, token: string) => app.request(path, { headers: headers(token) });

async function session() {
  const r = await post('/api/sessions', '', { scenarioId: 'chain-5hop', leadName: 'Li Wei', seed: 3 });
  const body = (await r.json()) as { session: { id: string }; token: string };
  const id = body.session.id;
  const seek = (hms: string) => post(`/api/sessions/${id}/clock`, body.token, { action: 'seek', to: at(hms) });
  return { id, lead: body.token, seek, snapshot: (q = '') => get(`/api/sessions/${id}/snapshot${q}`, body.token) };
}

async function decoded(res: Response) {
  expect(res.status).toBe(200);
  const d = decodeSnapshot(new Uint8Array(await res.arrayBuffer()));
  if (!d.ok) throw new Error(d.error);
  return { ...d, source: res.headers.get('x-twinlab-snapshot') };
}

describe('GET …/snapshot, for a participant joining late', () => {
  it('serves the state at the start of the minute, shared by joiners, equal to a full run, and runs a later minute on from it', async () => {
    const s = await session();
    await s.seek('09:31:30');
    expect((await post(`/api/sessions/${s.id}/commands`, s.lead, { type: 'throttle', node: 'counter', ordersPerSecond: 900 })).status).toBe(201);
    await s.seek('09:32:40');

    const three = await Promise.all([s.snapshot(), s.snapshot(), s.snapshot()].map(async (r) => decoded(await r)));
    expect(runs).toEqual([{ until: at('09:32:00'), from: false }]);
    expect(new Set(three.map((d) => hashValue(d.snapshot))).size).toBe(1);
    expect(three[0]!.meta).toMatchObject({ time: at('09:32:00'), applied: 1, lastSeq: 0 });
    const full = (await (await get(`/api/sessions/${s.id}/run?until=09:32:00`, s.lead)).json()) as { stateHash: string };
    expect(three[0]!.meta.stateHash).toBe(full.stateHash);
    expect((await decoded(await s.snapshot())).source).toBe('cached');
    // Sent gzipped to who accepts it (browsers do): a day's book is mostly untouched cells.
    const zipped = await app.request(`/api/sessions/${s.id}/snapshot`, { headers: { ...headers(s.lead), 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const sent = new Uint8Array(await zipped.arrayBuffer());
    const raw = gunzipSync(sent);
    expect(raw.byteLength).toBe(Number(zipped.headers.get('x-twinlab-snapshot-bytes')));
    // At least 4x: 3.57 MB raw went as 0.73 MB here (4.9x; 5.1x before a position's fields were
    // interleaved in the book, engine/book.ts, which gzip finds 4% harder). Without gzip it is 1x.
    expect(raw.byteLength).toBeGreaterThan(4 * sent.byteLength);
    expect(decodeSnapshot(raw)).toMatchObject({ ok: true, meta: three[0]!.meta });

    await s.seek('09:33:10');
    const later = await decoded(await s.snapshot());
    expect(later.source).toBe('resumed');
    expect(runs.at(-1)).toEqual({ until: at('09:33:00'), from: true });
    const fullLater = (await (await get(`/api/sessions/${s.id}/run?until=09:33:00`, s.lead)).json()) as { stateHash: string };
    expect(later.meta).toMatchObject({ time: at('09:33:00'), applied: 1, stateHash: fullLater.stateHash });
  }, 240_000);

  it('is never later than the shared clock: commands can still be stamped after it', async () => {
    const s = await session();
    await s.seek('09:30:30');
    expect((await decoded(await s.snapshot('?until=10:00'))).meta.time).toBe(at('09:30:00'));
  });

  it('refuses a snapshot over the size limit and requests over the rate, naming the limit', async () => {
    // Sparse books keep a small scenario's snapshot well under a megabyte: the limit is set below it.
    build({ ...DEFAULT_SNAPSHOT_LIMITS, maxBytes: 16 << 10, perMinute: 2 });
    const s = await session();
    await s.seek('09:30:30');
    const big = await s.snapshot();
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toMatch(/^the snapshot at 09:30:00.000 is \d+(\.\d)? [KM]B, over the limit of 16 KB \(TWINLAB_SNAPSHOT_MAX_MB\)/);
    const again = await s.snapshot();
    expect(again.status).toBe(413);
    expect(runs).toHaveLength(1); // asking again does not run the day again
    const third = await s.snapshot();
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: string }).error).toMatch(/TWINLAB_SNAPSHOTS_PER_MINUTE/);
    expect((await get(`/api/sessions/${s.id}/snapshot`, 'not-a-token')).status).toBe(401);
  });
});
