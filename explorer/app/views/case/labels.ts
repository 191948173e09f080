/** Words for the case states and decision labels the server uses. */
export const STATE_LABELS: Record<string, string> = {
  open: 'Open',
  in_review: 'In review',
  escalated: 'Escalated',
  closed: 'Closed',
};

export const DECISION_TEXT: Record<string, string> = {
  confirmed_harassment: 'Confirmed coordinated harassment',
  organic_pile_on: 'Organic pile-on',
  benign: 'Benign',
  insufficient_evidence: 'Insufficient evidence',
  escalate: 'Escalate',
};

/** What a reviewer may do next, given the case and who they are. */
export function caseActions(
  view: { state: string; assignee: string | null },
  me: string,
): { claim: boolean; release: boolean; decide: boolean; reopen: boolean } {
  const mine = view.assignee !== null && view.assignee === me;
  const free = view.assignee === null;
  const active = view.state === 'open' || view.state === 'in_review';
  return {
    claim: active && !mine,
    release: view.state === 'in_review' && mine,
    decide: (active || view.state === 'escalated') && (free || mine),
    reopen: view.state === 'closed' || view.state === 'escalated',
  };
}
