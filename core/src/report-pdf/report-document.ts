/**
 * What a report page shows, independent of PDF: a title, blocks in reading order, and optionally a
 * QR code (top right of the first page) and a space at the end where the issuer's seal goes.
 */
export type ReportBlock =
  | { readonly kind: 'heading'; readonly text: string }
  /** A labelled value; long values wrap under themselves. */
  | { readonly kind: 'field'; readonly label: string; readonly value: string }
  | { readonly kind: 'paragraph'; readonly text: string };

export interface ReportDocument {
  readonly title: string;
  /** Under the title, smaller (a certificate number). */
  readonly subtitle?: string;
  readonly blocks: readonly ReportBlock[];
  /** A QR code with a caption under it, e.g. the verification page's address. */
  readonly qr?: { readonly text: string; readonly caption: string };
  /** Lines printed left of the seal space at the end (issuer, date); the seal is placed over them. */
  readonly closing?: { readonly lines: readonly string[]; readonly sealDiameterMm: number };
  /** Printed at the bottom of every page, with "page n / m". */
  readonly footer?: string;
  /** The PDF's /Info /Subject, /Producer and dates. */
  readonly subject?: string;
  readonly producer: string;
  readonly createdAt: Date;
}

/** Where, in millimetres from the bottom-left corner of which page (1-based), the seal's lower-left corner goes. */
export interface SealSpot {
  readonly page: number;
  readonly xMm: number;
  readonly yMm: number;
}

export interface WrittenReport {
  readonly pdf: Uint8Array;
  readonly pages: number;
  /** Present when the document asked for a closing with seal space. */
  readonly sealSpot?: SealSpot;
}
