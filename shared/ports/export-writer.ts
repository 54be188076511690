/** Writes export objects (Parquet parts, manifests) to the exports zone. */
export interface ExportWriter {
  /** Single PUT for small bodies, multipart (lib-storage) for large ones or streams. */
  putObject(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  getObject(key: string): Promise<Uint8Array>;
  listKeys(prefix: string): Promise<string[]>;
}
