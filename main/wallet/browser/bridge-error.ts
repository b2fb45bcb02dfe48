// A refusal the bridge answers the page with: an HTTP status, a stable code the page can branch on
// and a sentence the page shows as it is.
export class BridgeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
