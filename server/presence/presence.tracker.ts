/** Which users have at least one connected socket, on any node. */
export interface PresenceTracker {
  /** Records a connected socket; true when this made the user come online. */
  add(userId: string, socketId: string): Promise<boolean>;
  /** Forgets a socket; true when this made the user go offline. */
  remove(userId: string, socketId: string): Promise<boolean>;
  onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  /** Changes the tracker finds by itself (a dead node's users going offline), where it can. */
  watch?(listener: (userId: string, online: boolean) => void): void;
  close(): Promise<void>;
}

/** Single node: presence is this process's sockets. */
export class MemoryPresenceTracker implements PresenceTracker {
  private readonly sockets = new Map<string, Set<string>>();

  async add(userId: string, socketId: string) {
    let set = this.sockets.get(userId);
    const cameOnline = !set || set.size === 0;
    if (!set) this.sockets.set(userId, (set = new Set()));
    set.add(socketId);
    return cameOnline;
  }
  async remove(userId: string, socketId: string) {
    const set = this.sockets.get(userId);
    if (!set?.delete(socketId)) return false;
    if (set.size > 0) return false;
    this.sockets.delete(userId);
    return true;
  }
  async onlineAmong(userIds: readonly string[]) {
    return new Set(userIds.filter((id) => (this.sockets.get(id)?.size ?? 0) > 0));
  }
  async close() {}
}
