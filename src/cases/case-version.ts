/** The optimistic lock of case writes: the version comes in the body or as If-Match (API.md). */
import { CaseError } from './cases.errors';

/** Accepts `3`, `"3"` and `W/"3"`; both given must agree; one of them is required. */
export function requireVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  let headerVersion: number | undefined;
  if (ifMatch !== undefined && ifMatch.trim() !== '') {
    const m = /^\s*(?:W\/)?"?([1-9]\d{0,9})"?\s*$/.exec(ifMatch);
    if (!m) throw CaseError.badIfMatch();
    headerVersion = Number(m[1]);
  }
  if (bodyVersion !== undefined && headerVersion !== undefined && bodyVersion !== headerVersion)
    throw CaseError.versionMismatch();
  const version = bodyVersion ?? headerVersion;
  if (version === undefined) throw CaseError.versionRequired();
  return version;
}
