import { CLOSE } from '@twinlab/shared/session/protocol';
import { Room } from './room.ts';
import type { RoomDeps } from './room.ts';

export class CapacityError extends Error {}

/**
 * The sessions loaded in this process. A session is loaded when someone connects or submits to
 * it, and unloaded (checkpointed first) once nobody has been connected for idleMs; at most
 * maxRooms are loaded, the longest idle one making room for a new one.
 */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room | undefined>>();
  private readonly unloading = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: RoomDeps,
    private readonly maxRooms: number,
    private readonly idleMs: number,
  ) {}

  get size(): number {
    return this.rooms.size;
  }

  connections(): number {
    let n = 0;
    for (const r of this.rooms.values()) n += r.connections.size;
    return n;
  }

  loaded(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /** The loaded room of a session, loading it if needed; undefined if the session does not exist. */
  async get(id: string): Promise<Room | undefined> {
    await this.unloading.get(id);
    const room = this.rooms.get(id);
    if (room && !room.isBroken) return room;
    if (room?.isBroken) await this.unload(room);
    const pending = this.loading.get(id);
    if (pending) return pending;
    const load = this.load(id).finally(() => this.loading.delete(id));
    this.loading.set(id, load);
    return load;
  }

  private async load(id: string): Promise<Room | undefined> {
    if (this.rooms.size + this.loading.size >= this.maxRooms) await this.makeSpace();
    const room = await Room.load(id, this.deps);
    if (room) {
      this.rooms.set(id, room);
      this.deps.metrics.roomsLoaded++;
    }
    return room;
  }

  /**
   * Unload the longest idle session for a new one: one nobody is connected to, or one whose
   * sockets have said nothing for idleMs (a lab tab renews its presence every 15 s, so silence
   * means sockets held open only to pin the session). Its sockets get 1001 and may come back.
   */
  private async makeSpace(): Promise<void> {
    const now = this.deps.now();
    const idle = [...this.rooms.values()].filter((r) => r.connections.size === 0 || now - r.lastActivity >= this.idleMs).sort((a, b) => a.lastActivity - b.lastActivity);
    const victim = idle[0];
    if (!victim) throw new CapacityError(`this server already holds ${this.maxRooms} active sessions (TWINLAB_MAX_SESSIONS)`);
    await this.unload(victim, CLOSE.goingAway, 'session unloaded for another: nothing was said on it for a while');
  }

  /** Unload rooms nobody has used for idleMs. Called on a timer by the server, by hand in tests. */
  async sweep(nowMs: number): Promise<void> {
    const idle = [...this.rooms.values()].filter((r) => r.isBroken || (r.connections.size === 0 && nowMs - r.lastActivity >= this.idleMs));
    await Promise.all(idle.map((r) => this.unload(r)));
  }

  /** Close the connections that joined with invitation jti (it was revoked), here and on the other instances. */
  closeInvitation(sessionId: string, jti: string, spread = true): number {
    if (spread) this.deps.cluster?.revoke?.(sessionId, jti);
    const room = this.rooms.get(sessionId);
    if (!room) return 0;
    let n = 0;
    for (const c of [...room.connections]) {
      if (c.invitation.jti === jti) {
        room.close(c, CLOSE.forbidden, 'your invitation was revoked');
        n++;
      }
    }
    return n;
  }

  async unload(room: Room, code: number = CLOSE.goingAway, reason = 'session unloaded'): Promise<void> {
    if (this.rooms.get(room.id) !== room) return;
    const done = room.unload(code, reason).finally(() => {
      this.rooms.delete(room.id);
      this.unloading.delete(room.id);
      this.deps.metrics.roomsUnloaded++;
    });
    this.unloading.set(room.id, done);
    await done;
  }

  /** Server shutdown: every room checkpointed, every participant told to come back later. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.loading.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.rooms.values()].map((r) => this.unload(r, CLOSE.goingAway, 'the server is restarting')));
  }
}
