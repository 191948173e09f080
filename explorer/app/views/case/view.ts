import type { CaseView } from '../../../shared/api.ts';
import { api, type CaseRequest, reviewer } from '../../api.ts';
import { append, clear, h } from '../../dom.ts';
import { formatDateTime } from '../../format.ts';
import { caseActions, DECISION_TEXT, STATE_LABELS } from './labels.ts';

/**
 * The cluster's case: state, who holds it, the decision, and the way forward (claim, decide with a
 * label and a reason, reopen). Every step is an event in the server's append-only log.
 */
export function caseView(run: string, cluster: string): HTMLElement {
  const body = h('div', { class: 'case-body' });
  const message = h('p', { class: 'case-message', 'data-testid': 'case-message' });
  const root = h(
    'section',
    { class: 'panel case', 'aria-label': 'Case', 'data-testid': 'case' },
    h('h2', {}, 'Case'),
    body,
    message,
  );

  const act = async (request: CaseRequest) => {
    message.textContent = '';
    try {
      show(await api.act(run, cluster, request));
    } catch (error) {
      message.textContent = (error as Error).message;
    }
  };

  const show = (view: CaseView) => {
    clear(body);
    const me = reviewer.get();
    const can = caseActions(view, me);
    append(body, [
      h(
        'div',
        { class: 'case-line' },
        h(
          'span',
          { class: `badge state-${view.state}`, 'data-testid': 'case-state' },
          STATE_LABELS[view.state] ?? view.state,
        ),
        view.assignee ? h('span', { class: 'muted' }, ` held by ${view.assignee}`) : null,
      ),
      view.decision
        ? h(
            'p',
            { class: 'case-decision', 'data-testid': 'case-decision' },
            h('strong', {}, DECISION_TEXT[view.decision.label] ?? view.decision.label),
            ` — ${view.decision.reason}`,
            h(
              'span',
              { class: 'muted' },
              ` (${view.decision.by}, ${formatDateTime(Date.parse(view.decision.at))})`,
            ),
          )
        : null,
    ]);
    const buttons = h('div', { class: 'case-buttons' });
    if (can.claim)
      buttons.append(
        h(
          'button',
          {
            type: 'button',
            class: 'button',
            'data-testid': 'case-claim',
            onclick: () => act({ action: 'claim' }),
          },
          'Claim',
        ),
      );
    if (can.release)
      buttons.append(
        h(
          'button',
          { type: 'button', class: 'button ghost', onclick: () => act({ action: 'release' }) },
          'Release',
        ),
      );
    body.append(buttons);
    const reason = h('input', {
      type: 'text',
      placeholder: 'reason (kept in the case log)',
      'data-testid': 'case-reason',
      maxlength: 1000,
    });
    if (can.decide) {
      const label = h(
        'select',
        { 'data-testid': 'case-label' },
        Object.entries(DECISION_TEXT).map(([value, text]) => h('option', { value }, text)),
      );
      body.append(
        h(
          'div',
          { class: 'case-form' },
          label,
          reason,
          h(
            'button',
            {
              type: 'button',
              class: 'button',
              'data-testid': 'case-decide',
              onclick: () => act({ action: 'decide', label: label.value, reason: reason.value }),
            },
            'Record decision',
          ),
        ),
      );
    } else if (can.reopen) {
      body.append(
        h(
          'div',
          { class: 'case-form' },
          reason,
          h(
            'button',
            {
              type: 'button',
              class: 'button ghost',
              'data-testid': 'case-reopen',
              onclick: () => act({ action: 'reopen', reason: reason.value }),
            },
            'Reopen',
          ),
        ),
      );
    }
    if (view.events.length)
      body.append(
        h(
          'details',
          { class: 'case-history' },
          h('summary', {}, `History (${view.events.length})`),
          h(
            'ol',
            {},
            view.events.map((event) =>
              h(
                'li',
                {},
                h('time', {}, formatDateTime(Date.parse(event.at))),
                ` ${event.by}: ${event.type}`,
                event.label ? ` ${DECISION_TEXT[event.label] ?? event.label}` : '',
                event.assignee ? ` → ${event.assignee}` : '',
                event.reason ? ` — ${event.reason}` : '',
              ),
            ),
          ),
        ),
      );
  };

  api.caseOf(run, cluster).then(show, (error: Error) => {
    message.textContent = error.message;
  });
  return root;
}
