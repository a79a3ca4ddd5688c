import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { peMachine, PE_EVENTS } from './peMachine';
import { PE_STATES, PeState, PeEventCode, REJECTED, nextPeState } from './peStateTable';

function stateName(actor: ReturnType<typeof createActor<typeof peMachine>>): string {
  const v = actor.getSnapshot().value;
  return typeof v === 'string' ? v : Object.entries(v).map(([a, b]) => `${a}.${b}`)[0];
}

describe('PE actor', () => {
  it('walks off -> loaded -> running (sleep/handle) -> faulted with a cause -> off', () => {
    const pe = createActor(peMachine).start();
    expect(stateName(pe)).toBe('off');
    pe.send({ type: 'START' }); // not loaded: ignored
    expect(stateName(pe)).toBe('off');
    pe.send({ type: 'LOAD' });
    pe.send({ type: 'START' });
    expect(stateName(pe)).toBe('running.sleeping');
    pe.send({ type: 'IRQ' });
    expect(stateName(pe)).toBe('running.handling');
    pe.send({ type: 'IRQ' }); // one handler at a time
    expect(stateName(pe)).toBe('running.handling');
    pe.send({ type: 'RETURN' });
    pe.send({ type: 'PAUSE' });
    expect(stateName(pe)).toBe('paused');
    pe.send({ type: 'RESUME' });
    pe.send({ type: 'IRQ' });
    pe.send({ type: 'FAULT', cause: 'divide by zero' });
    expect(stateName(pe)).toBe('faulted');
    expect(pe.getSnapshot().context.cause).toBe('divide by zero');
    pe.send({ type: 'RESET' });
    expect(stateName(pe)).toBe('off');
    expect(pe.getSnapshot().context.cause).toBeNull();
  });

  it('the compiled kernel table never disagrees with the machine, for every state and event', () => {
    // Drive a real actor along every (state, event) pair and compare with the byte table.
    const paths: Record<string, string[]> = {
      off: [],
      loaded: ['LOAD'],
      'running.sleeping': ['LOAD', 'START'],
      'running.handling': ['LOAD', 'START', 'IRQ'],
      paused: ['LOAD', 'START', 'PAUSE'],
      halted: ['LOAD', 'START', 'HALT'],
      faulted: ['LOAD', 'START', 'FAULT'],
    };
    let accepted = 0;
    for (const state of PE_STATES) {
      for (const event of PE_EVENTS) {
        const pe = createActor(peMachine).start();
        for (const e of paths[state]) pe.send({ type: e } as never);
        expect(stateName(pe)).toBe(state);
        const canTake = pe.getSnapshot().can({ type: event } as never);
        pe.send({ type: event } as never);
        const table = nextPeState(PeState[state], PeEventCode[event]);
        if (canTake) {
          accepted++;
          expect(PE_STATES[table]).toBe(stateName(pe));
        } else {
          expect(table).toBe(REJECTED);
        }
      }
    }
    expect(accepted).toBeGreaterThan(10);
  });
});
