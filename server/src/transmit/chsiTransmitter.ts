// The ChsiTransmitter adapter: hands a batch of approved photos to 学信网. The real transport is
// 学信网's collector interface; the default simulator writes a package to disk.

export interface ApprovedPhoto {
  submissionId: string;
  /** the opaque collection code the photo belongs to */
  collectionCode: string;
  degreeCategory: string;
  school: string;
  jpeg: Uint8Array;
}

export interface TransmitOutcome {
  submissionId: string;
  accepted: boolean;
  /** why 学信网 refused it, for operators */
  detail: string;
}

export interface ChsiTransmitter {
  transmit(batchId: string, photos: readonly ApprovedPhoto[]): Promise<TransmitOutcome[]>;
}
