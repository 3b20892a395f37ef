// argv → exit code. Never calls process.exit; errors become one readable line on stderr.
import { Command, CommanderError, Option } from 'commander';
import { LocatedErrors, PovcheckError } from './errors.js';
import { format, resolveLang, type Lang } from './i18n/messages.js';
import type { Io } from './output.js';
import { VERSION } from './version.js';
// Commands are loaded when run: `summarize` on a national file needs neither zod nor the formatters.
const validateCommand = async (options: Record<string, unknown>, io: Io) => (await import('./commands/validate.js')).validateCommand(options, io);
/**
 * A first data file large enough to be shared with a worker thread: the worker starts now, while
 * the command's modules load (with a crosswalk, or another encoding, the file is read by one thread).
 */
const startWorker = async (options: Record<string, unknown>) => {
  const data = options.data;
  if (!Array.isArray(data) || typeof data[0] !== 'string' || options.crosswalk !== undefined || (options.encoding !== undefined && options.encoding !== 'utf-8')) return;
  (await import('./fast/prewarm.js')).startWorkerFor(data[0]);
};
const summarizeCommand = async (options: Record<string, unknown>, io: Io) => {
  await startWorker(options);
  return (await import('./commands/summarize.js')).summarizeCommand(options, io);
};
const checkCommand = async (options: Record<string, unknown>, io: Io) => {
  await startWorker(options);
  return (await import('./commands/check.js')).checkCommand(options, io);
};
const classifyCommand = async (options: Record<string, unknown>, io: Io) => (await import('./commands/classify.js')).classifyCommand(options, io);

/** `file:line:col  message` for each mistake in a file the user wrote. */
function locatedErrorLines(errors: LocatedErrors['errors'], lang: Lang): string {
  return errors.map((e) => `${e.file}:${e.line}:${e.column}  ${format(lang, e.code, e.params)}\n`).join('');
}

type Action = (options: Record<string, unknown>, io: Io, args: string[]) => Promise<number>;

const dataInputOptions = (command: Command) =>
  command
    .option('--encoding <name>', 'input encoding: utf-8 | utf-16le | utf-16be | windows-1258 (default: detected)')
    .option('--delimiter <char>', 'field delimiter: , | ; | tab (default: detected from the header)')
    .option('--decimal <mark>', 'decimal mark: , | . (default: detected from the file)')
    .option('--standard <id>', 'poverty standard for every household row: vn-2016-2020 | vn-2022-2025 | vn-2027-2030')
    .option('--standards-file <file>', 'YAML overriding income lines, deprivation threshold or indicators of a standard')
    .option('--as-of <year>', 'ignore data of review years after this one')
    .option('--lang <lang>', 'language of messages: vi | en (default from LC_ALL / LANG)')
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--no-color', 'no colour (also when NO_COLOR is set)')
    .option('-q, --quiet', 'print only the report, no summary lines')
    .option('--debug', 'print a stack trace with errors');

export function buildProgram(io: Io, setExit: (code: number) => void, lang: Lang = 'en'): Command {
  const program = new Command('povcheck')
    .description(format(lang, 'helpProgram'))
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  const wrap = (action: Action) => async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    setExit(await action(command.opts(), io, command.args));
  };

  dataInputOptions(
    program
      .command('validate')
      .description(format(lang, 'helpValidate'))
      .requiredOption('-d, --data <files...>', 'CSV files: household records or unit summaries ("-" for standard input)')
      .addOption(new Option('-f, --format <format>', 'report format').choices(['table', 'json']).default('table')),
  ).action(wrap((options, runIo) => validateCommand(options, runIo)));

  dataInputOptions(
    program
      .command('check')
      .description(format(lang, 'helpCheck'))
      .requiredOption('-d, --data <files...>', 'CSV files: household records or unit summaries')
      .option('-r, --rules <paths...>', 'ruleset YAML files or folders (default: the bundled rules/)')
      .option('-f, --format <format[=file]>', 'report format: table, json, junit, github, markdown, csv, html; repeat with =file to write several (e.g. --format table --format junit=junit.xml)', (value: string, previous: string[]) => [...previous, value], [] as string[])
      .option('--fail-on <statuses>', 'statuses that make the exit code 1, comma-separated: pass, fail, pending, no-data', 'fail')
      .option('--max-rejects <n>', 'rejected rows allowed before the exit code is 1', '0')
      .option('--crosswalk <file>', 'CSV of old commune → new commune (2025 rearrangement): attribute rows of new units to the old units the rulesets name')
      .option('--max-ambiguous-share <share>', 'with --crosswalk: share of a unit\'s households that may stay unattributed before its figures are no-data', '0'),
  ).action(wrap((options, runIo) => checkCommand(options, runIo)));

  dataInputOptions(
    program
      .command('summarize')
      .description(format(lang, 'helpSummarize'))
      .requiredOption('-d, --data <files...>', 'CSV files: household records or unit summaries')
      .addOption(new Option('--level <level>', 'only units of this level').choices(['country', 'province', 'district', 'commune']))
      .addOption(new Option('--group <group>', 'only this group').choices(['all', 'ethnic_minority', 'non_ethnic_minority', 'urban', 'rural', 'meritorious']))
      .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
      .option('--crosswalk <file>', 'CSV of old commune → new commune: show the old units, with the share that could not be attributed'),
  ).action(wrap((options, runIo) => summarizeCommand(options, runIo)));

  dataInputOptions(
    program
      .command('classify')
      .description(format(lang, 'helpClassify'))
      .requiredOption('-d, --data <files...>', 'household CSV files'),
  ).action(wrap((options, runIo) => classifyCommand(options, runIo)));

  program
    .command('rules')
    .description(format(lang, 'helpRules'))
    .argument('[action]', 'list | show | schema | docs', 'list')
    .argument('[id]', 'ruleset id, for show')
    .option('-r, --rules <paths...>', 'ruleset YAML files or folders (default: the bundled rules/)')
    .option('--lang <lang>', 'language: vi | en')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (action: string, id: string | undefined, options: Record<string, unknown>) => setExit(await (await import('./commands/rules.js')).rulesCommand(action, id, options, io)));

  program
    .command('standards')
    .description(format(lang, 'helpStandards'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--standards-file <file>', 'YAML overriding income lines, deprivation threshold or indicators of a standard')
    .option('--lang <lang>', 'language: vi | en')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (options: Record<string, unknown>) => setExit(await (await import('./commands/standards.js')).standardsCommand(options, io)));

  return program;
}

export async function run(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  const langOption = argv.includes('--lang') ? argv[argv.indexOf('--lang') + 1] : undefined;
  const lang = resolveLang(langOption, io.env);
  const program = buildProgram(io, (code) => (exitCode = code), lang);
  const debug = argv.includes('--debug');
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage mistakes with 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof LocatedErrors) {
      io.stderr(locatedErrorLines(error.errors, lang));
    } else if (error instanceof PovcheckError) {
      const where = error.location ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ''}${error.location.column ? `:${error.location.column}` : ''}  ` : '';
      io.stderr(`${where}${format(lang, error.code, error.params)}\n`);
    } else {
      io.stderr(`povcheck: ${(error as Error).message}\n`);
    }
    if (debug) io.stderr(`${(error as Error).stack}\n`);
    return 2;
  }
}
