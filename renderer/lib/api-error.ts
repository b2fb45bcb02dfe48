// How a failed call reaches the UI: the node's {error, message}, or a connection that is gone.
export class ApiError extends Error {
  constructor(
    /** The node's error code ('bad-input', 'bad-token', 'failed', ...) or 'unreachable'. */
    readonly code: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export const isUnreachable = (error: unknown) => error instanceof ApiError && error.code === 'unreachable';
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
