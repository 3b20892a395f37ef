// zod's own messages (wrong type, missing value…) in the user's language: zod ships a Vietnamese locale.
import { z } from 'zod';
import type { Lang } from './messages.js';

const locales = { en: z.locales.en(), vi: z.locales.vi() };

export function zodLocale(lang: Lang): { error: z.core.$ZodErrorMap } {
  return { error: locales[lang].localeError };
}
