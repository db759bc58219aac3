/**
 * The schedule of a run, from the name `--schedule` takes or a schedule config.
 */
import {
  ARTICLE_SCHEDULE_NAMES, type ArticleScheduleName, articleSchedule, CosineDecay, fromConfig, OneCycle, type Schedule,
  type ScheduleConfig,
} from '../schedules';

/**
 * The names a run's schedule may be given by: the article's five, and two of today's with defaults derived from
 * the run — `cosine` (cosine decay from the initial rate to 0 over the run's epochs) and `onecycle` (one cycle over
 * the run's epochs peaking at the initial rate, PyTorch's defaults otherwise). Both are per epoch.
 */
export const RUN_SCHEDULE_NAMES: readonly string[] = [...ARTICLE_SCHEDULE_NAMES, 'cosine', 'onecycle'];

/** The schedule of a run of `epochs` epochs starting at `initialLr`. Throws on an unknown name or a bad config. */
export function runSchedule(schedule: string | ScheduleConfig, initialLr: number, epochs: number): Schedule {
  if (typeof schedule !== 'string') return fromConfig(schedule);
  if ((ARTICLE_SCHEDULE_NAMES as readonly string[]).includes(schedule)) {
    return articleSchedule(schedule as ArticleScheduleName, { initialLr, epochs });
  }
  switch (schedule) {
    case 'cosine':
      return new CosineDecay({ initialLr, decaySteps: epochs, unit: 'epoch' });
    case 'onecycle':
      return new OneCycle({ maxLr: initialLr, totalSteps: epochs, unit: 'epoch' });
    default:
      throw new RangeError(`runSchedule: schedule must be one of ${RUN_SCHEDULE_NAMES.join(', ')} or a schedule config (got '${schedule}').`);
  }
}

/** A short label of a run's schedule: its name, or the config's class name. */
export function scheduleLabel(schedule: string | ScheduleConfig): string {
  return typeof schedule === 'string' ? schedule : schedule.className;
}
