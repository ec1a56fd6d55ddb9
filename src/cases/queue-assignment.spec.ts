import { DrainCandidate, pickConsultant, QueuedCase } from './queue-assignment';

const candidate = (id: string, o: Partial<DrainCandidate> = {}): DrainCandidate => ({
  id,
  capacity: 10,
  openCases: 0,
  languages: ['en'],
  serviceLines: ['bank_account'],
  lastAssignedAt: null,
  ...o,
});
const queued = (o: Partial<QueuedCase> = {}): QueuedCase => ({
  serviceLines: ['bank_account'],
  language: 'en',
  excludedConsultantId: null,
  ...o,
});

describe('pickConsultant', () => {
  it.each<[string, DrainCandidate[], QueuedCase, string | null]>([
    ['nobody', [], queued(), null],
    ['skips those at capacity', [candidate('a', { openCases: 10 }), candidate('b', { openCases: 9 })], queued(), 'b'],
    ['nobody below capacity', [candidate('a', { openCases: 10 }), candidate('b', { capacity: 0 })], queued(), null],
    ['needs a shared service line', [candidate('a', { serviceLines: ['tax'] }), candidate('b')], queued(), 'b'],
    ['no shared service line: stays queued', [candidate('a', { serviceLines: ['tax'] })], queued(), null],
    [
      'one shared service line of several is enough',
      [candidate('a', { serviceLines: ['tax'] })],
      queued({ serviceLines: ['bank_account', 'tax'] }),
      'a',
    ],
    [
      'language codes compare case-insensitively',
      [candidate('a', { openCases: 1 }), candidate('b', { openCases: 5, languages: ['RU'] })],
      queued({ language: 'Ru' }),
      'b',
    ],
    [
      'a case without service lines fits anyone',
      [candidate('a', { serviceLines: ['tax'] })],
      queued({ serviceLines: [] }),
      'a',
    ],
    [
      'speakers first, even when busier',
      [candidate('a', { openCases: 1 }), candidate('b', { openCases: 5, languages: ['ru'] })],
      queued({ language: 'ru' }),
      'b',
    ],
    [
      'no speaker: everyone eligible',
      [candidate('a', { openCases: 3 }), candidate('b', { openCases: 1 })],
      queued({ language: 'zh' }),
      'b',
    ],
    [
      'lowest utilization',
      [candidate('a', { openCases: 2, capacity: 4 }), candidate('b', { openCases: 4, capacity: 10 })],
      queued(),
      'b',
    ],
    [
      'never assigned before least recently',
      [candidate('a', { lastAssignedAt: new Date(1) }), candidate('b')],
      queued(),
      'b',
    ],
    [
      'least recently assigned',
      [candidate('a', { lastAssignedAt: new Date(2) }), candidate('b', { lastAssignedAt: new Date(1) })],
      queued(),
      'b',
    ],
    ['lowest id last', [candidate('b'), candidate('a')], queued(), 'a'],
    [
      'not straight back to who returned it',
      [candidate('a'), candidate('b', { openCases: 5 })],
      queued({ excludedConsultantId: 'a' }),
      'b',
    ],
  ])('%s', (_name, candidates, q, expected) => {
    expect(pickConsultant(candidates, q)?.id ?? null).toBe(expected);
  });
});
