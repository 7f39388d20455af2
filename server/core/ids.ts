import { randomUUID } from 'node:crypto';

/** Server-generated ids: random, so they reveal neither order nor count. */
export const newId = (): string => randomUUID();
