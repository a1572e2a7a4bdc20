// Worker threads for CPU-bound stages: a pool of workers running one script, the worker side that
// serves its tasks, and ordered mapping of a stream of inputs onto a pool (or any async function).
export { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from './worker-pool.js';
export { serveTasks, type TaskAnswer, type TaskHandler } from './serve-tasks.js';
export { mapOrdered, type MapOrderedOptions } from './map-ordered.js';
