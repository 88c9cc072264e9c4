import type { AgentStateChange } from '../../../shared/domain/metrics/types';
import { IntList } from './int-list';

/**
 * Today's presence changes in columns (agent, state, time: 13 bytes a change, 17 with the per-agent
 * index) rather than an object each (≈ 110 bytes as the worker received them): a day at 50 events/s
 * makes about four changes a call, all day. The engine still gets objects, built when it asks.
 */
export class PresenceLog {
  private agent = new Int32Array(1024);
  private state = new Uint8Array(1024);
  private at = new Float64Array(1024);
  private count = 0;
  private readonly byAgent = new Map<number, IntList>();
  /** State names by code, and back (a handful: the presence states). */
  private readonly names: AgentStateChange['state'][] = [];
  private readonly codes = new Map<string, number>();

  get size(): number {
    return this.count;
  }

  add(change: AgentStateChange): void {
    if ((change.agentId | 0) !== change.agentId) throw new RangeError(`presence log: agent id ${change.agentId} is not a 32-bit integer`);
    if (this.count === this.at.length) this.grow();
    const i = this.count++;
    this.agent[i] = change.agentId;
    this.state[i] = this.code(change.state);
    this.at[i] = change.at;
    let list = this.byAgent.get(change.agentId);
    if (list === undefined) this.byAgent.set(change.agentId, (list = new IntList()));
    list.push(i);
  }

  /** Every change, in the order added. */
  all(): AgentStateChange[] {
    const out = new Array<AgentStateChange>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.change(i);
    return out;
  }

  /** These agents' changes: each agent's in the order added, agent after agent. */
  of(agentIds: readonly number[]): AgentStateChange[] {
    const out: AgentStateChange[] = [];
    for (const id of agentIds) this.byAgent.get(id)?.forEach((i) => out.push(this.change(i)));
    return out;
  }

  private change(i: number): AgentStateChange {
    return { agentId: this.agent[i] as number, state: this.names[this.state[i] as number] as AgentStateChange['state'], at: this.at[i] as number };
  }

  private code(state: AgentStateChange['state']): number {
    let code = this.codes.get(state);
    if (code === undefined) {
      if (this.names.length === 256) throw new Error('presence log: more than 256 state names');
      code = this.names.push(state) - 1;
      this.codes.set(state, code);
    }
    return code;
  }

  private grow(): void {
    const size = this.at.length * 2;
    const agent = new Int32Array(size);
    agent.set(this.agent);
    const state = new Uint8Array(size);
    state.set(this.state);
    const at = new Float64Array(size);
    at.set(this.at);
    this.agent = agent;
    this.state = state;
    this.at = at;
  }
}
