/** The optimistic lock of case writes: the version comes in the body or as If-Match (API.md). */
import { versionOf } from '@/common/versioning';
import { CaseError } from './cases.errors';

const CASE_VERSION_ERRORS = {
  badIfMatch: () => CaseError.badIfMatch(),
  mismatch: () => CaseError.versionMismatch(),
  required: () => CaseError.versionRequired(),
};

/** Accepts `3`, `"3"` and `W/"3"`; both given must agree; one of them is required. */
export function requireVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  return versionOf(bodyVersion, ifMatch, { required: true, errors: CASE_VERSION_ERRORS });
}
