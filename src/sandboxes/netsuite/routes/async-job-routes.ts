import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jobProgress, type AsyncJob } from '../async/async-job.js';
import { NetSuiteError } from '../errors.js';
import { recordApiRoot, selfLinks } from '../records/render.js';
import type { NetSuiteContext } from './netsuite-context.js';
import { baseUrlOf, mediaTypes } from './request-helpers.js';

/**
 * Polling asynchronous jobs: `GET /services/rest/async/v1/job/{id}`, its tasks, and each task's result
 * (the response the operation would have given synchronously: 204 + Location, or the error body).
 * Vendor doc: NetSuite Help "Asynchronous Request Processing".
 */
export function registerAsyncJobRoutes(app: FastifyInstance, context: NetSuiteContext): void {
  type Params = { jobId: string; taskId: string };
  const jobRoot = (request: FastifyRequest, job: AsyncJob) => `${baseUrlOf(request)}/services/rest/async/v1/job/${job.id}`;
  const findJob = (request: FastifyRequest): AsyncJob => {
    const job = context.store.state.asyncJobs[(request.params as Params).jobId];
    if (!job) throw new NetSuiteError('NONEXISTENT_ID', `Async job ${(request.params as Params).jobId} does not exist.`, { path: 'id' });
    return job;
  };
  const findTask = (request: FastifyRequest) => {
    const job = findJob(request);
    const task = job.tasks.find((candidate) => candidate.id === (request.params as Params).taskId);
    if (!task) throw new NetSuiteError('NONEXISTENT_ID', `Task ${(request.params as Params).taskId} does not exist in job ${job.id}.`, { path: 'taskId' });
    return { job, task };
  };

  app.get('/async/v1/job/:jobId', async (request, reply) => {
    const job = findJob(request);
    const root = jobRoot(request, job);
    const failed = job.tasks.filter((task) => task.result && task.result.status !== 204).length;
    return reply.header('content-type', mediaTypes.singular).send({
      links: selfLinks(root),
      id: job.id,
      completed: job.completedDate !== undefined,
      progress: jobProgress(job),
      createdDate: job.createdDate.replace(/\.\d{3}Z$/, 'Z'),
      ...(job.completedDate ? { completedDate: job.completedDate.replace(/\.\d{3}Z$/, 'Z') } : {}),
      taskCount: job.tasks.length,
      ...(job.completedDate ? { succeededCount: job.tasks.length - failed, failedCount: failed } : {}),
      task: { links: selfLinks(`${root}/task`) },
    });
  });

  app.get('/async/v1/job/:jobId/task', async (request, reply) => {
    const job = findJob(request);
    const root = jobRoot(request, job);
    const items = job.tasks.map((task) => ({ links: selfLinks(`${root}/task/${task.id}`), id: task.id }));
    return reply.header('content-type', mediaTypes.collection).send({
      links: selfLinks(`${root}/task`), count: items.length, hasMore: false, items, offset: 0, totalResults: items.length,
    });
  });

  app.get('/async/v1/job/:jobId/task/:taskId', async (request, reply) => {
    const { job, task } = findTask(request);
    const root = `${jobRoot(request, job)}/task/${task.id}`;
    const progress = !task.result ? 'pending' : task.result.status === 204 ? 'succeeded' : 'failed';
    // As documented ("Polling for the Status of a Completed Asynchronous Request"): the result as a
    // `related` link, and start/end times once the task ran (the sandbox runs a job's tasks at once).
    const times = job.completedDate ? { startTime: job.createdDate.replace(/\.\d{3}Z$/, 'Z'), endTime: job.completedDate.replace(/\.\d{3}Z$/, 'Z') } : {};
    return reply.header('content-type', mediaTypes.singular).send({
      links: [{ rel: 'related', href: `${root}/result` }, ...selfLinks(root)], id: task.id, completed: task.result !== undefined, progress, ...times,
      result: { links: selfLinks(`${root}/result`) },
    });
  });

  app.get('/async/v1/job/:jobId/task/:taskId/result', async (request, reply) => {
    const { task } = findTask(request);
    const result = task.result;
    if (!result) throw new NetSuiteError('USER_ERROR', 'The task has not completed yet.', { path: 'taskId' });
    if ('error' in result) return reply.code(result.status).header('content-type', mediaTypes.error).send(result.error);
    return reply.code(204).header('location', `${recordApiRoot(baseUrlOf(request))}/${result.recordType}/${result.id}`).send();
  });
}
