/**
 * A listener a service runs besides its HTTP server (a gRPC server, say). runService binds
 * it after start(), logs "<app> listening on <url>", and on shutdown drains and closes it
 * together with the HTTP server.
 */
export interface ServiceListener {
  /** Short name for logs, such as 'grpc'. */
  name: string;
  /** Binds; resolves to the URL it serves on. */
  listen(): Promise<string>;
  /** Stops taking new work; called when readiness turns off, before any close. */
  drain?(): void;
  /** Finishes in-flight work within the bound, then stops. */
  close(timeoutMs: number): Promise<void>;
}
