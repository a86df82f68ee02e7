/**
 * A database engine `cpod dev` (or a program started without that store's URL) runs as a child
 * process on loopback, so the program reaches it through its production adapter and driver —
 * one code path per store — and no engine ever runs on a thread that answers requests.
 */
export interface EmbeddedServer {
  /** The URL the production adapter connects to (`postgres://…`, `http://127.0.0.1:…`). */
  readonly url: string;
  /** For the startup log: what runs and where its data is. */
  readonly description: string;
  /**
   * Stops the server if this process started it (a server found already running for the same
   * data dir belongs to whoever started it and is left alone). Data stays on disk.
   */
  close(): Promise<void>;
}
