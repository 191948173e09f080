import type { EventType } from '../../shared/contract/index.ts';
import { eventTypeCode } from '../../shared/contract/index.ts';

/** Why a planted event exists: the scenario's participants, its instigator, or preparation (a recruit following the instigator). */
export const ROLE = { participant: 0, instigator: 1, preparation: 2 } as const;
export type ScriptRole = (typeof ROLE)[keyof typeof ROLE];

/**
 * The planted events of all scenarios, as parallel arrays (no per-event objects). They are few
 * next to the background (a few per cent), sorted once and merged into the stream hour by hour.
 */
export class Script {
  length = 0;
  ts: number[] = [];
  type: number[] = [];
  actor: number[] = [];
  target: number[] = [];
  content: Array<string | null> = [];
  text: Array<string | null> = [];
  scenario: number[] = [];
  role: ScriptRole[] = [];

  add(
    scenario: number,
    role: ScriptRole,
    ts: number,
    type: EventType,
    actor: number,
    target: number,
    content: string | null,
    text: string | null = null,
  ): void {
    this.ts.push(Math.round(ts));
    this.type.push(eventTypeCode(type));
    this.actor.push(actor);
    this.target.push(target);
    this.content.push(content);
    this.text.push(text);
    this.scenario.push(scenario);
    this.role.push(role);
    this.length++;
  }

  /** Keeps the events inside [from, to), in time order (ties broken by insertion, so the order is seeded). */
  finish(from: number, to: number): Int32Array {
    const order: number[] = [];
    for (let i = 0; i < this.length; i++) {
      const ts = this.ts[i] as number;
      if (ts >= from && ts < to) order.push(i);
    }
    order.sort((a, b) => (this.ts[a] as number) - (this.ts[b] as number) || a - b);
    return Int32Array.from(order);
  }
}
