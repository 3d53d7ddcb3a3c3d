/** Every failure the protocol code reports on purpose; `code` is stable and machine-readable. */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
