/**
 * The commands' exit statuses, defined once; each command's --help says which of them it ends with.
 */

/** Done (or --help printed). */
export const OK = 0;
/** An error: bad options or data, another configuration in the run folder, runs that did not finish. */
export const FAILED = 1;
/** `train`: the run diverged and stopped (its folder says where); `sweep` counts it as a run that ended. */
export const DIVERGED = 3;
/** Interrupted by Ctrl-C, as a shell reports a process ended by SIGINT (128 + 2). */
export const INTERRUPTED = 130;
