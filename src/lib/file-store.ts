// Where evidence files live: local disk on Node, R2 on Workers. Keys are opaque ids, never user input.
export interface StoredObject {
  key: string;
  size: number;
  uploadedAt: Date;
}

export interface FileStore {
  /** Write a stream under key; resolves once the bytes are durable. */
  put(key: string, body: ReadableStream<Uint8Array>): Promise<void>;
  /** A stream of the bytes, or null when no such object. */
  get(key: string): Promise<ReadableStream<Uint8Array> | null>;
  delete(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<StoredObject>;
}
