export { backoffSeconds, enqueue, PermanentJobError, queueCounts, Worker, type EnqueueOptions, type JobContext, type JobHandler, type JobRow, type QueueCounts, type WorkerOptions } from './jobs.ts';
