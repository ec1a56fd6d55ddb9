/**
 * The case pipeline's stage-transition rules as a table, and what counts as a first response.
 *
 * Stages are data (admins rename, reorder and add open stages), so rules look only at a stage's
 * stable `code` and its `category`, never at its name or position: any move is allowed unless a
 * rule below refuses it. Pure: the writer (`moveToStage`) loads the stages and the case, asks
 * `checkStageMove`, then applies the returned effects and the stage event in one transaction.
 */

export type StageCategory = 'open' | 'won' | 'lost';

export interface Stage {
  code: string;
  name: string;
  position: number;
  probability: number;
  category: StageCategory;
}

export type ActorRole = 'consultant' | 'manager' | 'admin';

export interface Money {
  amount: string;
  currency: string;
}

export const LOST_REASONS = [
  'price',
  'no_response',
  'competitor',
  'not_a_fit',
  'timing',
  'compliance',
  'other',
] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export type StageMoveErrorCode =
  | 'unknown_stage'
  | 'same_stage'
  | 'reopen_forbidden'
  | 'lost_reason_required'
  | 'lost_reason_invalid'
  | 'estimated_value_required'
  | 'lost_reason_not_allowed';

export interface StageMoveError {
  code: StageMoveErrorCode;
  status: 400 | 403 | 409 | 422;
  /** The request field to name in the problem details' `errors`. */
  field?: string;
  message: string;
}

export interface StageMoveEffects {
  /** The move is a first response; the writer stamps `firstRespondedAt` only if it is still empty. */
  setsFirstResponse: boolean;
  /** Leaving a lost stage: the case's `lostReason` no longer applies. */
  clearsLostReason: boolean;
  /** Open → won/lost: the case stops counting as an open case. A won ↔ lost move neither closes nor reopens. */
  closes: boolean;
  /** Won/lost → open: the case counts as an open case again. */
  reopens: boolean;
  /**
   * Into a won or lost stage from an open stage or from the other outcome: `closedAt` becomes the
   * time of this move, so a case found won after it was marked lost counts its days to the win.
   * Between two stages of the same outcome the date stays.
   */
  datesClose: boolean;
}

export type StageMoveResult = { ok: true; effects: StageMoveEffects } | { ok: false; error: StageMoveError };

export interface StageMoveArgs {
  from: Stage;
  /** The target looked up by code; undefined when no stage has that code. */
  to: Stage | undefined;
  actorRole: ActorRole;
  lostReason?: string | null;
  /** Given in this request or already on the case. */
  estimatedValue?: Money | null;
}

/** A move whose target exists; the rules below are only asked about these. */
interface Move {
  from: Stage;
  to: Stage;
  actorRole: ActorRole;
  lostReason: string | null;
  estimatedValue: Money | null;
}

interface StageRule {
  refuses: (move: Move) => boolean;
  error: (move: Move) => StageMoveError;
}

/** Seeded stages whose code alone carries a rule; codes never change, so renaming them keeps the rule. */
const PROPOSAL_CODE = 'proposal';
const CONTACTED_CODE = 'contacted';

/**
 * Checked in order, the first refusal wins: a no-op before permissions, permissions before
 * missing data, so the caller hears the most fundamental problem first. Role refusals are 403
 * (who may do it), not 409/422 (what the request says).
 */
const STAGE_RULES: readonly StageRule[] = [
  {
    refuses: (m) => m.from.code === m.to.code,
    error: (m) => ({ code: 'same_stage', status: 409, message: `The case is already in stage "${m.to.name}".` }),
  },
  {
    refuses: (m) => isClosed(m.from) && m.actorRole === 'consultant',
    error: (m) => ({
      code: 'reopen_forbidden',
      status: 403,
      message: `Only a manager or an admin may move a case out of the ${m.from.category} stage "${m.from.name}".`,
    }),
  },
  {
    refuses: (m) => m.to.category === 'lost' && m.lostReason === null,
    error: (m) => ({
      code: 'lost_reason_required',
      status: 422,
      field: 'lostReason',
      message: `Moving to "${m.to.name}" needs a lostReason: one of ${LOST_REASONS.join(', ')}.`,
    }),
  },
  {
    refuses: (m) => m.to.category === 'lost' && m.lostReason !== null && !isLostReason(m.lostReason),
    // A value outside the list is a malformed field, as API.md has validation errors: 400.
    error: (m) => ({
      code: 'lost_reason_invalid',
      status: 400,
      field: 'lostReason',
      message: `"${m.lostReason}" is not a lost reason: use one of ${LOST_REASONS.join(', ')}.`,
    }),
  },
  {
    // Refused rather than ignored: a lost reason on a case that is not lost would be silently wrong data.
    refuses: (m) => m.to.category !== 'lost' && m.lostReason !== null,
    error: (m) => ({
      code: 'lost_reason_not_allowed',
      status: 422,
      field: 'lostReason',
      message: `A lostReason is only accepted when moving to a lost stage, not to "${m.to.name}".`,
    }),
  },
  {
    refuses: (m) => (m.to.code === PROPOSAL_CODE || m.to.category === 'won') && m.estimatedValue === null,
    error: (m) => ({
      code: 'estimated_value_required',
      status: 422,
      field: 'estimatedValue',
      message: `Moving to "${m.to.name}" needs an estimatedValue, given now or already on the case.`,
    }),
  },
];

export function checkStageMove(args: StageMoveArgs): StageMoveResult {
  const { from, to } = args;
  // An unknown target is checked apart from the table so that every rule can rely on a real stage.
  if (to === undefined) {
    return {
      ok: false,
      error: { code: 'unknown_stage', status: 422, field: 'stage', message: 'No stage has that code.' },
    };
  }
  const move: Move = {
    from,
    to,
    actorRole: args.actorRole,
    // An empty string is what a cleared form field sends: treat it as "no reason given".
    lostReason: args.lostReason === '' ? null : (args.lostReason ?? null),
    estimatedValue: args.estimatedValue ?? null,
  };
  const refusal = STAGE_RULES.find((rule) => rule.refuses(move));
  return refusal ? { ok: false, error: refusal.error(move) } : { ok: true, effects: effectsOf(move) };
}

const FIRST_RESPONSE_ACTIVITY_TYPES: ReadonlySet<string> = new Set(['call', 'email', 'meeting']);

/**
 * Only contact the firm starts answers the client: notes and tasks are internal, and inbound
 * contact is the client's own.
 */
export function countsAsFirstResponse(activity: {
  type: 'note' | 'call' | 'email' | 'meeting' | 'task';
  direction?: 'inbound' | 'outbound' | null;
}): boolean {
  return activity.direction === 'outbound' && FIRST_RESPONSE_ACTIVITY_TYPES.has(activity.type);
}

function effectsOf({ from, to }: Move): StageMoveEffects {
  return {
    setsFirstResponse: to.code === CONTACTED_CODE,
    clearsLostReason: from.category === 'lost' && to.category !== 'lost',
    closes: !isClosed(from) && isClosed(to),
    reopens: isClosed(from) && !isClosed(to),
    datesClose: isClosed(to) && from.category !== to.category,
  };
}

/**
 * The closing columns a move writes, as SQL SET items (`at` gives the SQL of the move's time, asked for only when written): into an
 * outcome dates `closed_at`; a won ↔ lost move keeps when the closed stretch began in
 * `closed_since` (the old values: one UPDATE reads them); reopening clears both.
 */
export function closingSets(
  effects: Pick<StageMoveEffects, 'closes' | 'reopens' | 'datesClose'>,
  at: () => string,
): string[] {
  if (effects.reopens) return ['closed_at = NULL', 'closed_since = NULL'];
  if (!effects.datesClose) return [];
  const now = at();
  return [
    `closed_at = ${now}`,
    // never after the new close: the old one may come from another instance's clock, ahead of this one
    effects.closes ? 'closed_since = NULL' : `closed_since = least(coalesce(closed_since, closed_at), ${now})`,
  ];
}

function isClosed(stage: Stage): boolean {
  return stage.category !== 'open';
}

function isLostReason(value: string): value is LostReason {
  return (LOST_REASONS as readonly string[]).includes(value);
}
