/**
 * Who takes a case waiting in an office queue: ROUTING.md §5 applied to one office. Pure; the
 * queue-drain service loads the candidates under the office lock and applies the choice.
 */

export interface DrainCandidate {
  id: string;
  capacity: number;
  openCases: number;
  languages: string[];
  serviceLines: string[];
  lastAssignedAt: Date | null;
}

export interface QueuedCase {
  serviceLines: string[];
  /** The inquiry's language (detected or preferred); null when unknown. */
  language: string | null;
  /** The consultant who handed this case back to the queue themselves: not given it straight back. */
  excludedConsultantId: string | null;
}

/** Below capacity. Active and not out of office are the loader's filters. */
export function isAvailable(c: DrainCandidate): boolean {
  return c.openCases < c.capacity;
}

const utilization = (c: DrainCandidate): number => (c.capacity > 0 ? c.openCases / c.capacity : 1);

function compare(a: DrainCandidate, b: DrainCandidate): number {
  const byLoad = utilization(a) - utilization(b);
  if (byLoad !== 0) return byLoad;
  if (a.lastAssignedAt === null || b.lastAssignedAt === null) {
    if (a.lastAssignedAt !== b.lastAssignedAt) return a.lastAssignedAt === null ? -1 : 1;
  } else if (a.lastAssignedAt.getTime() !== b.lastAssignedAt.getTime()) {
    return a.lastAssignedAt.getTime() - b.lastAssignedAt.getTime();
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Available and sharing a service line with the case (anyone when it has none); speakers of the
 * case's language first if any is left; then lowest utilization, least recently assigned, lowest id.
 */
export function pickConsultant(candidates: DrainCandidate[], queued: QueuedCase): DrainCandidate | null {
  const eligible = candidates.filter(
    (c) =>
      isAvailable(c) &&
      c.id !== queued.excludedConsultantId &&
      (queued.serviceLines.length === 0 || queued.serviceLines.some((s) => c.serviceLines.includes(s))),
  );
  const language = queued.language?.toLowerCase() ?? null;
  const speakers = language ? eligible.filter((c) => c.languages.some((l) => l.toLowerCase() === language)) : [];
  const pool = speakers.length > 0 ? speakers : eligible;
  return pool.length === 0 ? null : [...pool].sort(compare)[0];
}
