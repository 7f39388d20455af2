import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CrisisResource } from '../../shared/models.js';

const resourceSchema = z.strictObject({
  name: z.string().min(1),
  phone: z.string().optional(),
  text: z.string().optional(),
  url: z.string().optional(),
  hours: z.string().optional(),
});
const fileSchema = z.record(z.string(), z.array(resourceSchema).min(1));

export const DEFAULT_RESOURCES_FILE = new URL('./crisis-resources.json', import.meta.url);

/** Crisis lines per locale ("nl", "en-US", …), from a file an organisation can replace. */
export class CrisisResources {
  private readonly byLocale: Record<string, CrisisResource[]>;

  constructor(
    private readonly defaultLocale: string,
    file: string | URL = DEFAULT_RESOURCES_FILE,
  ) {
    this.byLocale = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) as Record<string, CrisisResource[]>;
    if (!this.byLocale[defaultLocale] && !this.byLocale[defaultLocale.split('-')[0]!]) {
      throw new Error(`The crisis resources file has no entry for the default locale "${defaultLocale}"`);
    }
  }

  /** The exact locale, else its language, else the default locale's. */
  for(locale: string | undefined): CrisisResource[] {
    for (const key of [locale, locale?.split('-')[0], this.defaultLocale, this.defaultLocale.split('-')[0]]) {
      if (key && this.byLocale[key]) return this.byLocale[key]!;
    }
    return [];
  }
}
