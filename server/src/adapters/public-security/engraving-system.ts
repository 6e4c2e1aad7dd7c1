/**
 * The public-security engraving system (印章治安管理信息系统) holds the imprint of every physical
 * seal engraved under its supervision. An e-seal must show the same imprint as the physical seal, so
 * the maker fetches it from there instead of drawing one.
 */
export interface EngravedImprint {
  readonly png: Uint8Array;
  readonly widthMm: number;
  readonly heightMm: number;
  /** Lower-case hex SM3 of `png`, checked on receipt. */
  readonly sm3: string;
}

export interface EngravingSystem {
  /**
   * The imprint of the physical seal with this seal code (印章编码).
   * Throws SealError UPSTREAM_UNAVAILABLE (try again later) or UPSTREAM_REJECTED (unknown code, refused).
   */
  fetchImprint(sealCode: string): Promise<EngravedImprint>;
}
