// A failure a worker task reports on purpose, with the code the main side acts on. Anything else
// thrown in a task reaches the main side as code 'failed'.
import type { WorkerErrorPayload } from '../protocol.js';

export type TaskFailureCode = WorkerErrorPayload['code'];

export class TaskFailure extends Error {
  constructor(
    readonly code: TaskFailureCode,
    message: string,
  ) {
    super(message);
  }
}
