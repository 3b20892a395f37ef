// The handlers between the input stage and the later ones for one file: classify each household
// row, tally it (and attribute it through a crosswalk), collect rejects and findings. The main
// thread and a worker reading part of the same file use the very same handlers.
import { makeClassifier } from './classify/classify.js';
import type { OldView } from './crosswalk/attribute.js';
import { HouseholdKernel } from './fast/kernel.js';
import type { FileLoader, LoadHandlers } from './input/load.js';
import type { Finding, Reject } from './input/types.js';
import type { PovertyStandard } from './standards/types.js';
import type { Tallier } from './tally/tally.js';

export interface HandlerOptions {
  standard?: string;
  standards?: readonly PovertyStandard[];
  asOf?: number;
}

export interface HandlerSinks {
  tallier: Tallier;
  old?: OldView;
  findings: Finding[];
  rejects: Reject[];
  /** called once per data row */
  tick?: () => void;
}

/** The handlers, and for the fast reader the fused row handler doing what `household` does (none with a crosswalk). */
export interface Handlers extends LoadHandlers {
  kernel?(loader: FileLoader): HouseholdKernel | undefined;
}

export function makeHandlers(file: string, options: HandlerOptions, sinks: HandlerSinks): Handlers {
  const { tallier, old, findings, rejects, tick } = sinks;
  let classifier: ReturnType<typeof makeClassifier> | undefined;
  const columns = { transition: false };
  return {
    header(_header, mapping) {
      columns.transition = mapping.index.has('transition');
      if (mapping.kind === 'households') classifier = makeClassifier(options, new Set(mapping.index.keys()), file, (f) => findings.push(f));
    },
    household(record) {
      tick?.();
      if (options.asOf !== undefined && record.year > options.asOf) return undefined;
      const outcome = classifier!(record);
      if ('reject' in outcome) return outcome.reject;
      const refusal = old?.check(record) ?? tallier.addHousehold(record, outcome.ok, columns);
      if (!refusal) old?.addHousehold(record, outcome.ok, columns);
      return refusal;
    },
    summary(record) {
      tick?.();
      if (options.asOf !== undefined && record.year > options.asOf) return undefined;
      const refusal = old?.check(record);
      if (refusal) return refusal;
      tallier.addSummary(record);
      old?.addSummary(record);
      return undefined;
    },
    reject(r) {
      rejects.push(r);
    },
    kernel(loader) {
      if (old || !classifier || !HouseholdKernel.accepts(loader)) return undefined;
      return new HouseholdKernel(loader, loader.decimal!, { tallier, classifier, asOf: options.asOf, tick });
    },
  };
}
