import {
  ActorRole,
  LOST_REASONS,
  Money,
  Stage,
  StageMoveArgs,
  StageMoveResult,
  checkStageMove,
  countsAsFirstResponse,
} from '@/cases/case-pipeline';

/** As seeded by the Foundation migration. */
const BASE_STAGES: readonly Stage[] = [
  { code: 'new', name: 'New', position: 10, probability: 10, category: 'open' },
  { code: 'contacted', name: 'Contacted', position: 20, probability: 20, category: 'open' },
  { code: 'qualified', name: 'Qualified', position: 30, probability: 40, category: 'open' },
  { code: 'proposal', name: 'Proposal', position: 40, probability: 60, category: 'open' },
  { code: 'engaged', name: 'Engaged', position: 50, probability: 100, category: 'won' },
  { code: 'lost', name: 'Lost', position: 60, probability: 0, category: 'lost' },
];

const VALUE: Money = { amount: '125000.00', currency: 'USD' };

function stage(code: string): Stage {
  const found = BASE_STAGES.find((s) => s.code === code);
  if (found === undefined) {
    throw new Error(`no base stage ${code}`);
  }
  return found;
}

function move(from: Stage, to: Stage | undefined, extra: Partial<StageMoveArgs> = {}): StageMoveResult {
  return checkStageMove({ from, to, actorRole: 'consultant', ...extra });
}

function errorOf(result: StageMoveResult): unknown {
  return result.ok ? 'allowed' : result.error;
}

/**
 * Expected outcome of every move between base stages, written out by hand from API.md rather than
 * derived from the code. Rows: from; columns: to. "ok" is allowed, with its effects as letters
 * (F sets first response, C closes, R reopens, L clears the lost reason, D dates the close); a number is the refusal.
 * Each move carries what the target needs (a lost reason for lost, a value for proposal and engaged).
 */
const CONSULTANT_MOVES = `
            new     contacted  qualified  proposal  engaged  lost
  new       409     ok:F       ok         ok        ok:CD    ok:CD
  contacted ok      409        ok         ok        ok:CD    ok:CD
  qualified ok      ok:F       409        ok        ok:CD    ok:CD
  proposal  ok      ok:F       ok         409       ok:CD    ok:CD
  engaged   403     403        403        403       409      403
  lost      403     403        403        403       403      409
`;

const MANAGER_AND_ADMIN_MOVES = `
            new     contacted  qualified  proposal  engaged  lost
  new       409     ok:F       ok         ok        ok:CD    ok:CD
  contacted ok      409        ok         ok        ok:CD    ok:CD
  qualified ok      ok:F       409        ok        ok:CD    ok:CD
  proposal  ok      ok:F       ok         409       ok:CD    ok:CD
  engaged   ok:R    ok:RF      ok:R       ok:R      409      ok:D
  lost      ok:RL   ok:RLF     ok:RL      ok:RL     ok:LD    409
`;

const EXPECTED_MOVES: Record<ActorRole, string> = {
  consultant: CONSULTANT_MOVES,
  manager: MANAGER_AND_ADMIN_MOVES,
  admin: MANAGER_AND_ADMIN_MOVES,
};

/** "from>to" → cell of the matrix above. */
function parseMatrix(matrix: string): Map<string, string> {
  const [header, ...rows] = matrix
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  const cells = new Map<string, string>();
  for (const [from, ...outcomes] of rows) {
    outcomes.forEach((outcome, i) => cells.set(`${from}>${header[i]}`, outcome));
  }
  return cells;
}

const REFUSAL_CODES: Record<string, string> = { '403': 'reopen_forbidden', '409': 'same_stage' };

describe('checkStageMove between every pair of base stages, for every role', () => {
  const roles: ActorRole[] = ['consultant', 'manager', 'admin'];
  const cases = roles.flatMap((actorRole) =>
    BASE_STAGES.flatMap((from) => BASE_STAGES.map((to) => ({ actorRole, from: from.code, to: to.code }))),
  );

  it.each(cases)('$actorRole: $from → $to', ({ actorRole, from, to }) => {
    const expected = parseMatrix(EXPECTED_MOVES[actorRole]).get(`${from}>${to}`);
    const target = stage(to);
    const result = move(stage(from), target, {
      actorRole,
      lostReason: target.category === 'lost' ? 'price' : undefined,
      estimatedValue: VALUE,
    });

    if (expected === undefined || !expected.startsWith('ok')) {
      expect(result).toEqual({
        ok: false,
        error: expect.objectContaining({ status: Number(expected), code: REFUSAL_CODES[expected ?? ''] }),
      });
      return;
    }
    const flags = expected.slice(3);
    expect(result).toEqual({
      ok: true,
      effects: {
        setsFirstResponse: flags.includes('F'),
        closes: flags.includes('C'),
        reopens: flags.includes('R'),
        clearsLostReason: flags.includes('L'),
        datesClose: flags.includes('D'),
      },
    });
  });

  it('covers all 6 × 6 moves for each of the 3 roles', () => {
    expect(cases).toHaveLength(108);
  });
});

describe('unknown target stage', () => {
  it.each<ActorRole>(['consultant', 'manager', 'admin'])('is a 422 on the stage field for a %s', (actorRole) => {
    expect(errorOf(move(stage('new'), undefined, { actorRole }))).toEqual({
      code: 'unknown_stage',
      status: 422,
      field: 'stage',
      message: expect.any(String),
    });
  });
});

describe('lost reasons', () => {
  it('are exactly the API list', () => {
    expect(LOST_REASONS).toEqual(['price', 'no_response', 'competitor', 'not_a_fit', 'timing', 'compliance', 'other']);
  });

  it.each([...LOST_REASONS])('accepts "%s" when moving to lost', (lostReason) => {
    expect(move(stage('qualified'), stage('lost'), { lostReason }).ok).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
  ])('requires one when moving to lost (%s)', (_, lostReason) => {
    expect(errorOf(move(stage('qualified'), stage('lost'), { lostReason }))).toEqual({
      code: 'lost_reason_required',
      status: 422,
      field: 'lostReason',
      message:
        'Moving to "Lost" needs a lostReason: one of price, no_response, competitor, not_a_fit, timing, compliance, other.',
    });
  });

  it.each(['PRICE', 'budget', ' price', 'no response'])('refuses "%s", which is not in the list', (lostReason) => {
    expect(errorOf(move(stage('qualified'), stage('lost'), { lostReason }))).toEqual(
      expect.objectContaining({ code: 'lost_reason_invalid', status: 400, field: 'lostReason' }),
    );
  });

  it.each([
    ['qualified', 'new'],
    ['new', 'contacted'],
    ['new', 'qualified'],
  ])('refuses one when moving %s → %s, an open stage', (from, to) => {
    expect(errorOf(move(stage(from), stage(to), { lostReason: 'price' }))).toEqual(
      expect.objectContaining({ code: 'lost_reason_not_allowed', status: 422, field: 'lostReason' }),
    );
  });

  it('refuses one when moving to a won stage', () => {
    expect(errorOf(move(stage('proposal'), stage('engaged'), { lostReason: 'price', estimatedValue: VALUE }))).toEqual(
      expect.objectContaining({ code: 'lost_reason_not_allowed' }),
    );
  });

  it('takes null as no lost reason when moving to an open stage', () => {
    expect(move(stage('new'), stage('qualified'), { lostReason: null }).ok).toBe(true);
  });
});

describe('estimated value', () => {
  it.each([
    ['proposal', undefined, 'estimated_value_required'],
    ['proposal', null, 'estimated_value_required'],
    ['proposal', VALUE, 'allowed'],
    ['engaged', undefined, 'estimated_value_required'],
    ['engaged', null, 'estimated_value_required'],
    ['engaged', VALUE, 'allowed'],
    ['new', undefined, 'allowed'],
    ['contacted', undefined, 'allowed'],
    ['qualified', null, 'allowed'],
  ])('moving to %s with value %p: %s', (to, estimatedValue, outcome) => {
    const from = to === 'qualified' ? stage('new') : stage('qualified');
    const result = move(from, stage(to), { estimatedValue });
    expect(result.ok ? 'allowed' : result.error.code).toBe(outcome);
  });

  it('names the field and the stage', () => {
    expect(errorOf(move(stage('qualified'), stage('proposal')))).toEqual({
      code: 'estimated_value_required',
      status: 422,
      field: 'estimatedValue',
      message: 'Moving to "Proposal" needs an estimatedValue, given now or already on the case.',
    });
  });

  it('is not needed to lose a case', () => {
    expect(move(stage('proposal'), stage('lost'), { lostReason: 'competitor' }).ok).toBe(true);
  });
});

describe('stages admins renamed, reordered or added', () => {
  const negotiation: Stage = {
    code: 'negotiation',
    name: 'Negotiation',
    position: 45,
    probability: 80,
    category: 'open',
  };
  const offerSent: Stage = { ...stage('proposal'), name: 'Offer sent', position: 15 };
  const renamedContacted: Stage = { ...stage('contacted'), name: 'Reached out', position: 35 };
  const lookalike: Stage = { code: 'called_back', name: 'Contacted', position: 25, probability: 30, category: 'open' };
  const retained: Stage = { code: 'retained', name: 'Retained', position: 55, probability: 100, category: 'won' };

  it.each<[string, () => StageMoveResult, unknown]>([
    ['into an added open stage without a value', () => move(stage('qualified'), negotiation), 'allowed'],
    ['out of an added open stage, backwards', () => move(negotiation, stage('new')), 'allowed'],
    [
      'from an added stage to won without a value',
      () => move(negotiation, stage('engaged')),
      'estimated_value_required',
    ],
    [
      'from an added stage to won with a value',
      () => move(negotiation, stage('engaged'), { estimatedValue: VALUE }),
      'allowed',
    ],
    ['from an added stage to lost without a reason', () => move(negotiation, stage('lost')), 'lost_reason_required'],
    ['to an added stage it is already in', () => move(negotiation, negotiation), 'same_stage'],
    ['to the renamed proposal stage without a value', () => move(stage('new'), offerSent), 'estimated_value_required'],
    ['to another won stage without a value', () => move(negotiation, retained), 'estimated_value_required'],
    ['out of another won stage, as a consultant', () => move(retained, negotiation), 'reopen_forbidden'],
    ['out of another won stage, as a manager', () => move(retained, negotiation, { actorRole: 'manager' }), 'allowed'],
  ])('%s', (_, attempt, outcome) => {
    const result = attempt();
    expect(result.ok ? 'allowed' : result.error.code).toBe(outcome);
  });

  it('compares stages by code, not by object identity', () => {
    expect(errorOf(move(stage('proposal'), offerSent))).toEqual(
      expect.objectContaining({ code: 'same_stage', status: 409 }),
    );
  });

  // Admins cannot add one today, but the rules go by category, so a second lost stage must behave.
  it('moves between two lost stages replacing the reason, neither closing nor reopening', () => {
    const disqualified: Stage = {
      code: 'disqualified',
      name: 'Disqualified',
      position: 65,
      probability: 0,
      category: 'lost',
    };
    expect(move(stage('lost'), disqualified, { actorRole: 'manager', lostReason: 'compliance' })).toEqual({
      ok: true,
      effects: { setsFirstResponse: false, clearsLostReason: false, closes: false, reopens: false, datesClose: false },
    });
  });

  it('asks a reason for a second lost stage as for the seeded one, and closes the case there', () => {
    const withdrawn: Stage = { code: 'withdrawn', name: 'Withdrawn', position: 70, probability: 0, category: 'lost' };
    expect(errorOf(move(stage('qualified'), withdrawn))).toEqual(
      expect.objectContaining({ code: 'lost_reason_required', field: 'lostReason' }),
    );
    expect(move(stage('qualified'), withdrawn, { lostReason: 'timing' })).toEqual({
      ok: true,
      effects: { setsFirstResponse: false, clearsLostReason: false, closes: true, reopens: false, datesClose: true },
    });
  });

  it('keeps the proposal rule on the code and speaks the new name', () => {
    expect(errorOf(move(stage('new'), offerSent))).toEqual(
      expect.objectContaining({ message: expect.stringContaining('"Offer sent"') }),
    );
  });

  it.each<[string, Stage, boolean]>([
    ['the renamed contacted stage', renamedContacted, true],
    ['an added stage merely named "Contacted"', lookalike, false],
    ['an added stage', negotiation, false],
  ])('moving to %s sets the first response: %s', (_, to, sets) => {
    const result = move(stage('new'), to);
    expect(result.ok && result.effects.setsFirstResponse).toBe(sets);
  });
});

describe('rule precedence: the most fundamental problem is reported', () => {
  it.each<[string, StageMoveArgs, string]>([
    ['same stage before role', { from: stage('engaged'), to: stage('engaged'), actorRole: 'consultant' }, 'same_stage'],
    [
      'same stage before a stray lost reason',
      { from: stage('new'), to: stage('new'), actorRole: 'admin', lostReason: 'price' },
      'same_stage',
    ],
    [
      'role before a missing lost reason',
      { from: stage('engaged'), to: stage('lost'), actorRole: 'consultant' },
      'reopen_forbidden',
    ],
    [
      'role before a missing value',
      { from: stage('lost'), to: stage('proposal'), actorRole: 'consultant' },
      'reopen_forbidden',
    ],
    [
      'stray lost reason before a missing value',
      { from: stage('new'), to: stage('proposal'), actorRole: 'admin', lostReason: 'price' },
      'lost_reason_not_allowed',
    ],
  ])('%s', (_, args, code) => {
    const result = checkStageMove(args);
    expect(result.ok ? 'allowed' : result.error.code).toBe(code);
  });

  it('tells a consultant who may reopen and why it is refused', () => {
    expect(errorOf(move(stage('lost'), stage('new')))).toEqual({
      code: 'reopen_forbidden',
      status: 403,
      message: 'Only a manager or an admin may move a case out of the lost stage "Lost".',
    });
  });
});

describe('countsAsFirstResponse', () => {
  // Written out in full: only contact the firm started with the client answers an inquiry.
  it.each([
    ['call', 'outbound', true],
    ['email', 'outbound', true],
    ['meeting', 'outbound', true],
    ['note', 'outbound', false],
    ['task', 'outbound', false],
    ['call', 'inbound', false],
    ['email', 'inbound', false],
    ['meeting', 'inbound', false],
    ['note', 'inbound', false],
    ['task', 'inbound', false],
    ['call', undefined, false],
    ['email', null, false],
    ['meeting', undefined, false],
    ['note', null, false],
    ['task', undefined, false],
  ] as const)('%s, direction %s: %s', (type, direction, counts) => {
    expect(countsAsFirstResponse({ type, direction })).toBe(counts);
  });
});
