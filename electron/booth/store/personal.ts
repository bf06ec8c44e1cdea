// The personal fields a submission carries; they only ever reach the disk sealed (AES-256-GCM).
export interface Personal {
  /** the opaque collection code (采集码) as scanned */
  code: string;
  /** last 4 characters of the ID number */
  last4: string;
  /** the name as the resolver returns it, already masked (e.g. 张*明) */
  maskedName: string;
  school: string;
  /** degree / student category as the resolver names it */
  category: string;
}
