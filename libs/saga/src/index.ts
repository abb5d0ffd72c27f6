export { type DeadlineContext, DeadlineHandler, type HandleDeadline } from './deadlines/deadline-handler.decorator';
export { deadlineMetrics } from './deadlines/deadline-metrics';
export { DeadlineScheduler, type DeadlineSchedulerOptions } from './deadlines/deadline-scheduler';
export type { DeadlineTarget } from './deadlines/deadline-target';
export { deadlineOptionsOf, SagaDeadlinesModule } from './deadlines/saga-deadlines.module';
