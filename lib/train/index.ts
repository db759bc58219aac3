export { ARTICLE_RUN_DEFAULTS, type RunConfig, RunConfigError, type RunConfigNames, validateRunConfig } from './config';
export { PLATEAU, RUN_SCHEDULE_NAMES, runSchedule, scheduleLabel } from './schedule';
export { type ClassificationReport, type ClassScores, formatClassificationReport } from './classification-report';
export { batchLine, epochLine, metricsText } from './progress';
export { type Divergence, DIVERGENCE_FACTOR, TrainingDivergedError } from './divergence';
export { appendEpoch, emptyHistory, type EpochEntry, type RunHistory } from './history';
export { writeFileAtomic } from './atomic-write';
export { CHECKPOINT_FILE, CheckpointError } from './checkpoint';
export { CONFIG_FILE, readOutcome, RESULT_FILE, RunFolderMismatchError, type RunOutcome } from './run-folder';
export { buildRunModel } from './model';
export { type Evaluation } from './evaluate';
export { type RunData, type RunEvent, runExperiment, type RunOptions, type RunResult } from './runner';
export { CONTINUABLE_FIELDS, CONTINUED_FROM_FILE, type ContinuedFrom, continueRun } from './continue-run';
export { experimentLog, type LogRow } from './experiment-log';
export { ARTICLE_ACCURACY, type Profile, type ProfileName, PROFILES, SWEEP_SCHEDULES } from './profiles';
export { sweepMarkdown, sweepRow, type SweepRow } from './sweep-table';
export { MAX_SEEDS, parseSeeds, SeedsOptionError } from './seeds';
export { runFolder, runName, type SweepRun, sweepRuns } from './sweep-runs';
export { parseShard, type Shard, ShardOptionError, shardRuns } from './shards';
export { type PairedDifference, type SeedSummary } from './seed-stats';
export {
  CONFIDENCE,
  type MeanBand,
  meanBand,
  type PairComparison,
  type ScheduleSummary,
  type SeedValues,
  type SweepReport,
  sweepReport,
  sweepReportMarkdown,
} from './sweep-report';
export { sweepParallelism } from './parallelism';
export { Turns } from './turns';
export { readSavedSweep, type SavedSweep, sweepOutcome, sweepSeries, sweepStats, sweepTable } from './saved-sweep';
