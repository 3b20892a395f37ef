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

/** A mistake at a place in a file the user wrote (a ruleset, a crosswalk). */
export interface LocatedError {
  file: string;
  line: number;
  column: number;
  code: MessageId;
  params: Record<string, string | number>;
}

/** Several located mistakes at once: each is printed as `file:line:col  message`, exit 2. */
export class LocatedErrors extends Error {
  constructor(readonly errors: LocatedError[]) {
    super('invalid input');
  }
}
