import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseActions } from '../../explorer/app/views/case/labels.ts';
import { buildExplorer } from '../../explorer/server/app.ts';
import { auditLogPath } from '../../explorer/server/audit.ts';
import { type CaseEvent, foldCases, parseAction, refusal } from '../../explorer/server/cases/fold.ts';
import type { CaseView, QueuePage } from '../../explorer/shared/api.ts';
import { makeRunsRoot } from './fixture.ts';

const event = (type: string, by: string, extra: Record<string, string> = {}) =>
  ({ type, by, at: '2026-11-22T08:00:00.000Z', run: 'r', cluster: 'c', ...extra }) as CaseEvent;

describe('case log (pure)', () => {
  it('folds claims and decisions; a reversal is a new event', () => {
    const cases = foldCases([
      event('claim', 'alice'),
      event('decide', 'alice', { label: 'escalate', reason: 'needs legal' }),
      event('reopen', 'bob', { reason: 'legal says benign' }),
      event('decide', 'bob', { label: 'benign', reason: 'fan event' }),
    ]);
    const c = cases.get('r/c')!;
    expect(c.state).toBe('closed');
    expect(c.decision).toMatchObject({ label: 'benign', by: 'bob' });
    expect(c.events.map((e) => e.type)).toEqual(['claim', 'decide', 'reopen', 'decide']);
  });

  it('refuses what would step on another reviewer or skip a step', () => {
    const held = foldCases([event('claim', 'alice')]).get('r/c')!;
    expect(refusal(held, { type: 'claim' }, 'bob')).toBe('the case is claimed by alice');
    expect(refusal(held, { type: 'decide', label: 'benign', reason: 'looks fine' }, 'bob')).toMatch(/alice/);
    expect(refusal(held, { type: 'decide', label: 'benign', reason: 'looks fine' }, 'alice')).toBeNull();
    expect(refusal(held, { type: 'reopen', reason: 'again please' }, 'alice')).toMatch(/only a closed/);
    expect(parseAction({ action: 'decide', label: 'guilty', reason: 'x' })).toMatch(/^label must be one of/);
    expect(parseAction({ action: 'decide', label: 'benign', reason: 'ok' })).toMatch(/^reason must be/);
    expect(parseAction({ action: 'fly' })).toMatch(/^action must be/);
  });

  it('offers the app only the steps that apply', () => {
    expect(caseActions({ state: 'open', assignee: null }, 'alice')).toEqual({
      claim: true,
      release: false,
      decide: true,
      reopen: false,
    });
    expect(caseActions({ state: 'in_review', assignee: 'bob' }, 'alice').decide).toBe(false);
    expect(caseActions({ state: 'closed', assignee: 'bob' }, 'alice')).toMatchObject({
      claim: false,
      reopen: true,
    });
  });
});

describe('case API', () => {
  let root: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    root = await makeRunsRoot({ clusters: 4 });
    app = await buildExplorer({ runsDir: root, env: {} });
  });
  afterAll(() => app.close());

  const act = (body: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/runs/2026-11-21/clusters/c0001/case', payload: body, headers });

  it('claims, refuses a second claim, decides, and shows the decision in the queue', async () => {
    const claimed = await act({ action: 'claim', reviewer: 'alice' });
    expect(claimed.json()).toMatchObject({ state: 'in_review', assignee: 'alice' });
    const second = await act({ action: 'claim', reviewer: 'bob' });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toBe('Cannot claim: the case is claimed by alice.');
    // An authenticating proxy's user wins over the name the page sends.
    const proxied = await act({ action: 'claim', reviewer: 'alice' }, { 'x-forwarded-user': 'carol' });
    expect(proxied.statusCode).toBe(409);
    const bad = await act({ action: 'decide', label: 'nope', reason: 'whatever', reviewer: 'alice' });
    expect(bad.statusCode).toBe(400);
    const decided = await act({
      action: 'decide',
      label: 'confirmed_harassment',
      reason: 'copy-paste raid',
      reviewer: 'alice',
    });
    expect((decided.json() as CaseView).state).toBe('closed');

    const queue = (
      await app.inject({ url: '/api/runs/2026-11-21/clusters?state=closed' })
    ).json() as QueuePage;
    expect(queue.items.map((i) => [i.cluster_id, i.decision, i.assignee])).toEqual([
      ['c0001', 'confirmed_harassment', 'alice'],
    ]);
    const open = (await app.inject({ url: '/api/runs/2026-11-21/clusters?state=open' })).json() as QueuePage;
    expect(open.total).toBe(3);
  });

  it('keeps the case log across restarts and audits views and decisions', async () => {
    await app.inject({ url: '/api/runs/2026-11-21/clusters/c0002', headers: { 'x-forwarded-user': 'dave' } });
    const again = await buildExplorer({ runsDir: root, env: {} });
    const view = (await again.inject({ url: '/api/runs/2026-11-21/clusters/c0001/case' })).json() as CaseView;
    await again.close();
    expect(view.decision).toMatchObject({ label: 'confirmed_harassment', by: 'alice' });
    const audit = (await readFile(auditLogPath(root), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'view', cluster: 'c0002', by: 'dave' }));
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'case', detail: 'decide confirmed_harassment', by: 'alice' }),
    );
    expect((await app.inject({ url: '/api/runs/2026-11-21/clusters/nope/case' })).statusCode).toBe(404);
  });
});
