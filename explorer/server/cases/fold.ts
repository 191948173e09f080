/**
 * Case management as an append-only event log: claims, assignments, state changes and decisions
 * are events; a case's state is the fold of its events. A reversal is a new event, never an edit.
 */
export const CASE_STATES = ['open', 'in_review', 'escalated', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const DECISION_LABELS = [
  'confirmed_harassment',
  'organic_pile_on',
  'benign',
  'insufficient_evidence',
  'escalate',
] as const;
export type DecisionLabel = (typeof DECISION_LABELS)[number];

export type CaseAction =
  | { type: 'claim' }
  | { type: 'assign'; assignee: string }
  | { type: 'release' }
  | { type: 'decide'; label: DecisionLabel; reason: string }
  | { type: 'reopen'; reason: string };

export type CaseEvent = CaseAction & { at: string; run: string; cluster: string; by: string };

export interface CaseDecision {
  label: DecisionLabel;
  reason: string;
  by: string;
  at: string;
}

export interface Case {
  state: CaseState;
  assignee: string | null;
  decision: CaseDecision | null;
  events: CaseEvent[];
}

export const NEW_CASE: Case = { state: 'open', assignee: null, decision: null, events: [] };

/** Why an action cannot apply to a case as it stands (the route answers 409), or null. */
export function refusal(current: Case, action: CaseAction, by: string): string | null {
  const heldByOther = current.assignee !== null && current.assignee !== by;
  switch (action.type) {
    case 'claim':
      if (current.state === 'closed') return 'the case is closed: reopen it first';
      return heldByOther ? `the case is claimed by ${current.assignee}` : null;
    case 'assign':
      return current.state === 'closed' ? 'the case is closed: reopen it first' : null;
    case 'release':
      return heldByOther ? `the case is claimed by ${current.assignee}` : null;
    case 'decide':
      if (current.state === 'closed') return 'the case is closed: reopen it to change the decision';
      return heldByOther ? `the case is claimed by ${current.assignee}` : null;
    case 'reopen':
      return current.state === 'closed' || current.state === 'escalated'
        ? null
        : 'only a closed or escalated case can be reopened';
  }
}

/** The case after one more event (pure). */
export function applyEvent(current: Case, event: CaseEvent): Case {
  const events = [...current.events, event];
  switch (event.type) {
    case 'claim':
      return { ...current, state: 'in_review', assignee: event.by, events };
    case 'assign':
      return { ...current, state: 'in_review', assignee: event.assignee, events };
    case 'release':
      return {
        ...current,
        state: current.state === 'in_review' ? 'open' : current.state,
        assignee: null,
        events,
      };
    case 'decide':
      return {
        ...current,
        state: event.label === 'escalate' ? 'escalated' : 'closed',
        decision: { label: event.label, reason: event.reason, by: event.by, at: event.at },
        events,
      };
    case 'reopen':
      return { ...current, state: 'in_review', assignee: event.by, events };
  }
}

export const caseKey = (run: string, cluster: string) => `${run}/${cluster}`;

/** Every case from the log, in log order. */
export function foldCases(events: Iterable<CaseEvent>): Map<string, Case> {
  const cases = new Map<string, Case>();
  for (const event of events) {
    const key = caseKey(event.run, event.cluster);
    cases.set(key, applyEvent(cases.get(key) ?? NEW_CASE, event));
  }
  return cases;
}

/** A case action from a request body, or a message naming what is wrong with it. */
export function parseAction(body: Record<string, unknown>): CaseAction | string {
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  switch (body.action) {
    case 'claim':
    case 'release':
      return { type: body.action };
    case 'assign':
      return typeof body.assignee === 'string' && /^[\w.@-]{1,64}$/.test(body.assignee)
        ? { type: 'assign', assignee: body.assignee }
        : 'assignee must be a reviewer name (letters, digits, . _ @ -; at most 64)';
    case 'decide':
      if (!(DECISION_LABELS as readonly unknown[]).includes(body.label))
        return `label must be one of ${DECISION_LABELS.join(', ')}`;
      if (reason.length < 5 || reason.length > 1000) return 'reason must be 5 to 1000 characters';
      return { type: 'decide', label: body.label as DecisionLabel, reason };
    case 'reopen':
      return reason.length < 5 || reason.length > 1000
        ? 'reason must be 5 to 1000 characters'
        : { type: 'reopen', reason };
    default:
      return 'action must be one of claim, assign, release, decide, reopen';
  }
}
