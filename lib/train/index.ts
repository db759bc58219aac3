export { ARTICLE_RUN_DEFAULTS, canonicalJson, configDifferences, configHash, type RunConfig, RunConfigError, type RunConfigNames, validateRunConfig } from './config';
export { PLATEAU, plateauOptions, RUN_SCHEDULE_NAMES, runSchedule, scheduleLabel } from './schedule';
export { type ClassificationReport, classificationReport, type ClassScores, formatClassificationReport } from './classification-report';
export { batchLine, duration, epochLine, metricsText, progressBar } from './progress';
export { type Divergence, DIVERGENCE_FACTOR, divergenceReference, diverged, divergenceMessage, TrainingDivergedError } from './divergence';
export { appendEpoch, emptyHistory, type EpochEntry, type RunHistory } from './history';
export { writeFileAtomic } from './atomic-write';
export {
  type Checkpoint, CHECKPOINT_FILE, CheckpointError, type CheckpointState, decodeCheckpoint, encodeCheckpoint, loadCheckpoint,
  saveCheckpoint, type StoredTensor,
} from './checkpoint';
export {
  claimRunFolder, CONFIG_FILE, readOutcome, readRunConfig, releaseRunFolder, RESULT_FILE, type RunFolderClaim,
  RunFolderMismatchError, type RunOutcome, writeOutcome,
} from './run-folder';
export { buildRunModel, withSeededRandom } from './model';
export { captureState, restoreState } from './model-state';
export { evaluate, type Evaluation } from './evaluate';
export { type RunData, type RunEvent, runExperiment, type RunOptions, type RunResult } from './runner';
export { CONTINUABLE_FIELDS, CONTINUED_FROM_FILE, type ContinuedFrom, continueRun, readContinuedFrom } from './continue-run';
export { experimentLog, type LogRow } from './experiment-log';
export { ARTICLE_ACCURACY, type Profile, type ProfileName, PROFILES, SWEEP_SCHEDULES } from './profiles';
export { sweepMarkdown, sweepRow, type SweepRow } from './sweep-table';
export { MAX_SEEDS, parseSeeds, SeedsOptionError } from './seeds';
export { runFolder, runName, type SweepRun, sweepRuns } from './sweep-runs';
export { parseShard, type Shard, ShardOptionError, shardRuns } from './shards';
export { type PairedDifference, pairedDifference, type SeedSummary, seedSummary, studentTwoSided, tQuantile } from './seed-stats';
export {
  CONFIDENCE, type MeanBand, meanBand, type PairComparison, type ScheduleSummary, type SeedValues, type SweepReport, sweepReport,
  sweepReportMarkdown,
} from './sweep-report';
export { sweepParallelism } from './parallelism';
export { readSavedSweep, type SavedSweep, sweepOutcome, sweepSeries, sweepStats, sweepTable } from './saved-sweep';
