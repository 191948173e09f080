import { api } from '../../api.ts';
import { h } from '../../dom.ts';
import { formatCount, formatTime } from '../../format.ts';
import type { ClusterModel, InteractionType } from '../cluster/model.ts';
import { TYPE_COLORS } from '../cluster/style.ts';
import { accountSummary, describeAge } from './summary.ts';

const MAX_ACTIONS = 400;

/** The selected account: age, followers, role and what it did in the cluster, in order. */
export function accountView(model: ClusterModel, key: string, onSelect: (key: string) => void): HTMLElement {
  const summary = accountSummary(model, key);
  if (!summary)
    return h(
      'section',
      { class: 'panel account' },
      h('p', { class: 'empty' }, `No account ${key} in this cluster.`),
    );
  const x = model.detail.interactions;
  const isTarget = summary.role === 'target';
  const fact = (label: string, value: string) =>
    h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value));
  const actions = h(
    'ol',
    { class: 'actions' },
    summary.actions.slice(0, MAX_ACTIONS).map((i) => {
      const other = isTarget ? x.actor[i]! : x.target[i]!;
      const dot = h('span', { class: 'dot' });
      dot.style.background = TYPE_COLORS[x.type[i] as InteractionType] ?? '#888';
      return h(
        'li',
        {},
        h('time', {}, formatTime(x.ts[i]!)),
        dot,
        h('span', { class: 'action-type' }, x.type[i]!),
        h('span', { class: 'muted' }, isTarget ? ' from ' : ' → '),
        h('button', { type: 'button', class: 'link', onclick: () => onSelect(other) }, other),
      );
    }),
  );
  return h(
    'section',
    { class: 'panel account', 'aria-label': 'Account', 'data-testid': 'account-panel' },
    h('h2', { 'data-testid': 'account-key' }, summary.key),
    h(
      'div',
      { class: 'badges' },
      h('span', { class: `badge role-${summary.role}` }, summary.role),
      summary.isNew ? h('span', { class: 'badge warn' }, 'new account') : null,
      summary.isOutsider ? h('span', { class: 'badge' }, 'outsider') : null,
    ),
    h(
      'dl',
      { class: 'facts' },
      fact('account age', describeAge(summary.ageDays)),
      fact('followers', summary.followers === null ? 'unknown' : formatCount(summary.followers)),
      fact(
        isTarget ? 'received' : 'actions',
        Object.entries(summary.byType)
          .map(([t, n]) => `${n} ${t}`)
          .join(', ') || 'none',
      ),
    ),
    summary.roleEvidence ? h('p', { class: 'role-evidence' }, summary.roleEvidence) : null,
    revealControl(model, summary.key),
    h('h3', {}, isTarget ? 'Received in this cluster' : 'What it did in this cluster'),
    actions,
    summary.actions.length > MAX_ACTIONS
      ? h('p', { class: 'muted' }, `… ${summary.actions.length - MAX_ACTIONS} more`)
      : null,
  );
}

/** The real id only on an explicit request with a reason, which the server writes to its audit log. */
function revealControl(model: ClusterModel, key: string): HTMLElement {
  const reason = h('input', {
    type: 'text',
    placeholder: 'reason (logged)',
    'data-testid': 'reveal-reason',
    maxlength: 500,
  });
  const button = h(
    'button',
    { type: 'button', class: 'button ghost', 'data-testid': 'reveal-id' },
    'Reveal real id',
  );
  const out = h('p', { class: 'revealed', 'data-testid': 'revealed-id' });
  const form = h('form', { class: 'reveal-form' }, reason, button);
  form.addEventListener('submit', (event) => event.preventDefault());
  button.addEventListener('click', async () => {
    out.textContent = '';
    try {
      const response = await api.reveal(model.detail.run.id, {
        account: key,
        reason: reason.value,
        cluster: model.detail.cluster.cluster_id,
      });
      out.textContent = `Real id: ${response.account_id} (this reveal was logged)`;
    } catch (error) {
      out.textContent = (error as Error).message;
    }
  });
  return h('div', { class: 'reveal-box' }, form, out);
}
