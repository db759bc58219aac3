/**
 * `--shard K/N`: cutting a sweep's run list into N deterministic parts, so that N machines, or N jobs of a batch
 * system, share one sweep. Pure: `--shard auto` reads the environment it is given.
 */

/** Part `index` (1…count) of `count`. `source` says where `auto` found it. */
export interface Shard {
  index: number;
  count: number;
  source?: string;
}

/** A `--shard` value the sweep cannot use, or `auto` where no batch system gives an index. */
export class ShardOptionError extends RangeError {
  override name = 'ShardOptionError';
}

const USAGE = '--shard must be K/N (part K of N, 1 ≤ K ≤ N), auto or auto/N';

function whole(text: string, what: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value.trim())) {
    throw new ShardOptionError(`${USAGE}: ${what} must be a whole number (got '${value ?? ''}' in '${text}').`);
  }
  return Number(value.trim());
}

/**
 * The part the batch system's environment names, 0-based, and the number of parts when the system says it:
 * - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0…completions-1). A pod is not told the Job's `completions`,
 *   so the count comes from `auto/N`.
 * - Slurm job array: `SLURM_ARRAY_TASK_ID`, counted from `SLURM_ARRAY_TASK_MIN` in steps of
 *   `SLURM_ARRAY_TASK_STEP` (so `--array=0-4`, `1-5` and `0-8:2` all work), with `SLURM_ARRAY_TASK_COUNT` parts.
 */
function fromEnvironment(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): { index: number; count?: number; source: string } {
  const k8s = env.JOB_COMPLETION_INDEX;
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (k8s !== undefined && slurm !== undefined) {
    throw new ShardOptionError(
      `--shard ${text}: both JOB_COMPLETION_INDEX (${k8s}) and SLURM_ARRAY_TASK_ID (${slurm}) are set; give --shard K/N.`,
    );
  }
  if (k8s !== undefined) {
    return { index: whole(text, 'JOB_COMPLETION_INDEX', k8s), source: `JOB_COMPLETION_INDEX=${k8s}` };
  }
  if (slurm !== undefined) {
    const id = whole(text, 'SLURM_ARRAY_TASK_ID', slurm);
    const min =
      env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : whole(text, 'SLURM_ARRAY_TASK_MIN', env.SLURM_ARRAY_TASK_MIN);
    const step =
      env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : whole(text, 'SLURM_ARRAY_TASK_STEP', env.SLURM_ARRAY_TASK_STEP);
    const count =
      env.SLURM_ARRAY_TASK_COUNT === undefined
        ? undefined
        : whole(text, 'SLURM_ARRAY_TASK_COUNT', env.SLURM_ARRAY_TASK_COUNT);
    if (step < 1 || id < min || (id - min) % step !== 0) {
      throw new ShardOptionError(
        `--shard ${text}: SLURM_ARRAY_TASK_ID ${id} is not on the array's range from ${min} in steps of ${step}; ` +
          'use a plain range such as --array=0-4, or give --shard K/N.',
      );
    }
    return { index: (id - min) / step, ...(count === undefined ? {} : { count }), source: `SLURM_ARRAY_TASK_ID=${id}` };
  }
  throw new ShardOptionError(
    `--shard ${text}: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm job array) ` +
      'is set; give the part as --shard K/N.',
  );
}

/**
 * The part `--shard` names: `K/N` (1-based, as in `--shard 2/5`), or `auto` / `auto/N` to read the index the batch
 * system gives (see `fromEnvironment`); N, when given, must agree with the system's count.
 *
 * @example
 * assert.equal(parseShard('2/5').index, 2);
 * assert.equal(parseShard('auto/5', { JOB_COMPLETION_INDEX: '0' }).index, 1); // Kubernetes counts from 0
 * assert.throws(() => parseShard('6/5'), ShardOptionError);
 */
export function parseShard(text: string, env: Readonly<Record<string, string | undefined>> = {}): Shard {
  const [k, n, ...rest] = text.trim().split('/');
  if (rest.length > 0 || k === undefined || k === '') throw new ShardOptionError(`${USAGE} (got '${text}').`);
  const given = n === undefined ? undefined : whole(text, 'N', n);
  if (given === 0) throw new ShardOptionError(`${USAGE}: N must be at least 1 (got '${text}').`);
  if (k.trim() !== 'auto') {
    if (given === undefined) throw new ShardOptionError(`${USAGE} (got '${text}').`);
    const index = whole(text, 'K', k);
    if (index < 1 || index > given) throw new ShardOptionError(`${USAGE}: K must be in 1…${given} (got '${text}').`);
    return { index, count: given };
  }
  const found = fromEnvironment(text, env);
  if (found.count !== undefined && given !== undefined && found.count !== given) {
    throw new ShardOptionError(
      `--shard ${text}: the job array has ${found.count} tasks (SLURM_ARRAY_TASK_COUNT), not ${given}.`,
    );
  }
  const count = given ?? found.count;
  if (count === undefined) {
    throw new ShardOptionError(
      `--shard ${text}: ${found.source} gives the part but not how many there are; ` +
        'give it as --shard auto/N (for a Kubernetes Indexed Job, N = spec.completions).',
    );
  }
  if (found.index >= count) {
    throw new ShardOptionError(
      `--shard ${text}: ${found.source} is part ${found.index + 1}, but there are only ${count} parts.`,
    );
  }
  return { index: found.index + 1, count, source: found.source };
}

/**
 * The runs of part `shard`: every `count`-th run of the list, starting with run `index` (1-based). Over the parts
 * 1…N each run comes exactly once, the parts differ in size by at most one, and the same list always gives the
 * same parts: every part must be given the same schedules (in the same order) and seeds.
 *
 * @example
 * const runs = sweepRuns(['none', 'standard', 'step', 'linear', 'poly'], [0]);
 * assert.deepEqual(shardRuns(runs, parseShard('1/2')).map(runName), ['none-seed0', 'step-seed0', 'poly-seed0']);
 * assert.deepEqual(shardRuns(runs, parseShard('2/2')).map(runName), ['standard-seed0', 'linear-seed0']);
 */
export function shardRuns<T>(runs: readonly T[], { index, count }: Shard): T[] {
  return runs.filter((_, i) => i % count === index - 1);
}
