/**
 * The commands' command lines: one description per command gives both the parsing and the `--help` text, so the
 * help lists every option with its default, and an error names the option as the user typed it.
 */
import { parseArgs } from 'node:util';
import { FAILED, OK } from './exit-status';

/** One option: `--name VALUE`, or a flag when `value` is absent. */
export interface OptionSpec {
  /** What the value is, as --help shows it (e.g. 'N', 'PATH', 'NAME|JSON'); absent for a flag. */
  value?: string;
  /** The value the option takes when not given, as typed (absent: it has none, or the command derives it). */
  default?: string;
  /** The default as --help shows it when the parser does not apply it: one the command derives or computes. */
  shownDefault?: string;
  /** What the option does. */
  help: string;
}

/** A command: how to call it, its options, an example or more. */
export interface CommandSpec {
  /** How it is called, e.g. 'npm run train --'. */
  command: string;
  /** What it does, in a sentence or two. */
  summary: string;
  options: Record<string, OptionSpec>;
  /** The positional arguments as --help shows them (e.g. '[NAME …]'); absent: none are taken. */
  positionals?: string;
  /** Example command lines. */
  examples: readonly string[];
  /** More to say after the options (exit status, files written). */
  notes?: string;
}

/** What a command line holds: option values by name (flags as 'true'), and the positional arguments. */
export interface CommandLine {
  values: Record<string, string | undefined>;
  positionals: string[];
}

/** A command line that cannot be used: the message names the option and says what to do. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const HELP = ['--help', '-h'];

/** Whether the arguments ask for --help (before any `--` that ends the options). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => HELP.includes(a));
}

/**
 * `--name -1` as `--name=-1`: a value that looks like a negative number goes with the option before it, so that it
 * gets the option's own range error rather than the parser's "argument is ambiguous".
 */
function joinNegativeNumbers(spec: CommandSpec, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const option = arg.startsWith('--') ? spec.options[arg.slice(2)] : undefined;
    if (option?.value !== undefined && next !== undefined && /^-(\d|\.\d|Infinity\b)/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Parses `argv` by `spec`; throws a `UsageError` that names the option and points to --help. */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): CommandLine {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      o.value === undefined
        ? { type: 'boolean' as const }
        : { type: 'string' as const, ...(o.default === undefined ? {} : { default: o.default }) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeNumbers(spec, argv),
      options,
      allowPositionals: spec.positionals !== undefined,
      strict: true,
    });
    const text = Object.fromEntries(
      Object.entries(values).map(([name, v]) => [name, v === true ? 'true' : v === false ? undefined : v]),
    );
    return { values: text, positionals };
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\.?$/, '.')} See --help.`);
  }
}

/** The --help text: usage, summary, every option with its value and default, the notes and examples. */
export function helpText(spec: CommandSpec): string {
  const left = (name: string, o: OptionSpec): string => `--${name}${o.value === undefined ? '' : ` ${o.value}`}`;
  const width = Math.max(...Object.entries(spec.options).map(([name, o]) => left(name, o).length), '--help'.length) + 2;
  const lines = [
    `Usage: ${spec.command} [options]${spec.positionals ? ` ${spec.positionals}` : ''}`,
    '',
    spec.summary,
    '',
    'Options:',
    ...Object.entries(spec.options).map(([name, o]) => {
      const shown = o.default ?? o.shownDefault;
      const text = shown === undefined ? o.help : `${o.help} (default: ${shown})`;
      return `  ${left(name, o).padEnd(width)}${text}`;
    }),
    `  ${'--help'.padEnd(width)}Show this help and exit.`,
  ];
  if (spec.notes) lines.push('', spec.notes);
  lines.push('', spec.examples.length > 1 ? 'Examples:' : 'Example:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/**
 * The command line of a command, or null after printing --help when it was asked for (the command then exits
 * with status 0).
 */
export function readCommandLine(
  spec: CommandSpec,
  argv: readonly string[] = process.argv.slice(2),
): CommandLine | null {
  if (wantsHelp(argv)) {
    console.log(helpText(spec));
    return null;
  }
  return parseCommandLine(spec, argv);
}

/** The range a number option must be in. */
export interface NumberRange {
  integer?: boolean;
  min?: number;
  /** Whether min itself is excluded. */
  minOpen?: boolean;
  max?: number;
}

/**
 * The number an option holds (given, or its default); a `UsageError` naming `--name`, its allowed range and the
 * value typed when it is not a number in that range, or when it is missing.
 */
export function numberOption(
  values: CommandLine['values'],
  name: string,
  { integer = false, min, max, minOpen = false }: NumberRange = {},
): number {
  const text = values[name];
  if (text === undefined) throw new UsageError(`--${name} is required. See --help.`);
  const value = text.trim() === '' ? NaN : Number(text);
  const inRange =
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (minOpen ? value > min : value >= min)) &&
    (max === undefined || value <= max);
  if (!inRange) {
    const kind = integer ? 'an integer' : 'a number';
    const bounds = [
      min === undefined ? '' : `${minOpen ? '>' : '≥'} ${min}`,
      max === undefined ? '' : `≤ ${max}`,
    ].filter(Boolean);
    throw new UsageError(
      `--${name} must be ${kind}${bounds.length ? ' ' + bounds.join(' and ') : ''} (got '${text}').`,
    );
  }
  return value;
}

/**
 * Runs a command's `main` when its file is the program Node started (`node dist/cli/NAME.js`), not when a test
 * imports it: the exit status is what `main` returns (0 when nothing), or 1 after printing a thrown error's
 * message (prefixed with `prefix`, when given).
 */
export function runIfMain(module: NodeModule, main: () => number | void | Promise<number | void>, prefix = ''): void {
  if (require.main !== module) return;
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code ?? OK;
      },
      (error: unknown) => {
        console.error(`${prefix}${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = FAILED;
      },
    );
}
