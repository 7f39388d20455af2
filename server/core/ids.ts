import { randomBytes, randomUUID } from 'node:crypto';

/** Server-generated ids: random, so they reveal neither order nor count. */
export const newId = (): string => randomUUID();

/** Ids that sort like time (then like this process's order of writing), for append-only logs. */
export function sortableIds(): (now: number) => string {
  let counter = 0;
  return (now) => {
    counter = (counter + 1) % 36 ** 4;
    return `${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
  };
}
