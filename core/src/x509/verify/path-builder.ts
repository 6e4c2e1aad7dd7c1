import type { Certificate } from '../certificate';
import { namesMatch } from '../name';
import { bytesEqual } from '../bytes';

/** Bounds for attacker-supplied certificate bags: deep or combinatorial pools must not hang the verifier. */
export const MAX_PATH_LENGTH = 8;
const MAX_CANDIDATE_PATHS = 16;
/**
 * Partial paths tried in all. The path and candidate caps alone do not bound the search: n CAs that
 * share one name (and carry no key identifiers) chain to each other in about n^7 ways, and with no
 * anchor at the end every one of them is explored (12 such CAs took over a minute).
 */
const MAX_PATHS_TRIED = 1024;

/**
 * Candidate paths leaf -> ... -> trust anchor, by name chaining and key identifiers only (no crypto).
 * Anchors are preferred as issuers so the shortest trusted path comes first.
 */
export function buildCandidatePaths(
  leaf: Certificate,
  intermediates: readonly Certificate[],
  anchors: readonly Certificate[],
): Certificate[][] {
  const paths: Certificate[][] = [];
  const isAnchor = (c: Certificate) => anchors.some((a) => a.equals(c));
  let tried = 0;
  const extend = (path: Certificate[]) => {
    if (paths.length >= MAX_CANDIDATE_PATHS || ++tried > MAX_PATHS_TRIED) return;
    const current = path[path.length - 1];
    if (isAnchor(current)) {
      paths.push(path);
      return;
    }
    if (path.length >= MAX_PATH_LENGTH) return;
    for (const candidate of [...anchors, ...intermediates]) {
      if (path.some((c) => c.equals(candidate))) continue;
      if (couldHaveIssued(candidate, current)) extend([...path, candidate]);
    }
  };
  extend([leaf]);
  return paths;
}

/** Subject of the issuer equals issuer of the child; key identifiers, when both present, agree. */
export function couldHaveIssued(issuer: Certificate, child: Certificate): boolean {
  if (!namesMatch(issuer.subject, child.issuer)) return false;
  const aki = child.extensions.authorityKeyIdentifier;
  const ski = issuer.extensions.subjectKeyIdentifier;
  return !aki || !ski || bytesEqual(aki, ski);
}
