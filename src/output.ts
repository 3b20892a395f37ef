// Where a command's text goes: stdout, or a file written atomically (temp file + rename).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PovcheckError } from './errors.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal (colour) */
  stdoutIsTTY: boolean;
  /** stderr is a terminal (progress) */
  stderrIsTTY: boolean;
}

/** Write `text` to `file` so that readers never see a half-written report. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temp, text);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw new PovcheckError('fileUnwritable', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }, { file });
  }
}

export async function emit(io: Io, text: string, output: string | undefined): Promise<void> {
  if (output) await writeAtomic(output, text);
  else io.stdout(text);
}
