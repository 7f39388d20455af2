
// Shared by the MongoDB repositories: records keep their id in `_id`.
export type WithId<T> = Omit<T, 'id'> & { _id: string };
export const toRecord = <T extends { id: string }>(doc: WithId<T>): T => {
  const { _id, memberCount: _count, ...rest } = doc as WithId<T> & { memberCount?: unknown };
  return { id: _id, ...rest } as unknown as T;
};
export const stripId = <T extends object>(doc: T & { _id?: unknown }): T => {
  const { _id: _ignored, ...rest } = doc;
  return rest as T;
};
export const memberId = (conversationId: string, userId: string) => `${conversationId}|${userId}`;

export function isDuplicateKey(err: unknown): err is { code: number; keyPattern?: Record<string, unknown>; message: string } {
  return (err as { code?: unknown })?.code === 11000;
}
export const pairId = (a: string, b: string) => `${a}|${b}`;

/**
 * Inserts `record` (its id as `_id`, plus `extra` fields); when a unique index already holds its
 * twin, answers that one instead. The store's way to make "create unless it exists" atomic.
 */
export async function insertOrFind<T extends { id: string }>(
  collection: { insertOne(doc: never): Promise<unknown> },
  record: T,
  findExisting: () => Promise<T | undefined>,
  extra: Record<string, unknown> = {},
): Promise<{ record: T; created: boolean }> {
  const { id, ...fields } = record;
  try {
    await collection.insertOne({ _id: id, ...fields, ...extra } as never);
    return { record, created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await findExisting();
    if (!existing) throw err;
    return { record: existing, created: false };
  }
}
