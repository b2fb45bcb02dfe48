// Data fetched on demand (a screen opened, a refresh): what it holds, whether a fetch is running and
// the last error, so every screen can show loading, empty and error states the same way.
export interface Resource<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  /** When data was last fetched successfully. */
  at: number | null;
}

export const emptyResource = <T>(): Resource<T> => ({ data: null, loading: false, error: null, at: null });
