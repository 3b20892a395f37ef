// An error that stops a command with exit code 2 and one readable line: `file:line:col  message`.
import type { MessageId } from './i18n/messages.js';

export interface Location {
  file: string;
  line?: number;
  column?: number | string;
}

export class PovcheckError extends Error {
  constructor(
    readonly code: MessageId,
    readonly params: Record<string, string | number> = {},
    readonly location?: Location,
  ) {
    super(code);
  }
}
