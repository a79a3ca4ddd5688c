import { assign, setup } from 'xstate';

/**
 * The control states of a PE and the events that move between them. This machine is the specification: the
 * kernel runs a table compiled from it (peStateTable.ts) and a test checks that the two never disagree.
 */
export type PeEvent =
  | { type: 'LOAD' }
  | { type: 'START' }
  | { type: 'IRQ' }
  | { type: 'RETURN' }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'HALT' }
  | { type: 'FAULT'; cause?: string }
  | { type: 'RESET' };

export const PE_EVENTS = ['LOAD', 'START', 'IRQ', 'RETURN', 'PAUSE', 'RESUME', 'HALT', 'FAULT', 'RESET'] as const;
export type PeEventType = (typeof PE_EVENTS)[number];

export const peMachine = setup({
  types: { context: {} as { cause: string | null }, events: {} as PeEvent },
  actions: {
    recordCause: assign({ cause: ({ event }) => (event.type === 'FAULT' ? (event.cause ?? 'unknown') : null) }),
    clearCause: assign({ cause: null }),
  },
}).createMachine({
  id: 'pe',
  initial: 'off',
  context: { cause: null },
  states: {
    off: { on: { LOAD: 'loaded' } },
    loaded: { on: { LOAD: 'loaded', START: 'running', RESET: 'off' } },
    running: {
      initial: 'sleeping',
      states: {
        // Wait-for-interrupt: the core is clock-gated until the interrupt controller wakes it.
        sleeping: { on: { IRQ: 'handling' } },
        // One handler at a time: further interrupts stay pending in the controller until RETURN.
        handling: { on: { RETURN: 'sleeping' } },
      },
      on: {
        PAUSE: 'paused',
        HALT: 'halted',
        FAULT: { target: 'faulted', actions: 'recordCause' },
      },
    },
    paused: { on: { RESUME: 'running', HALT: 'halted', FAULT: { target: 'faulted', actions: 'recordCause' } } },
    halted: { on: { RESET: { target: 'off', actions: 'clearCause' } } },
    faulted: { on: { RESET: { target: 'off', actions: 'clearCause' } } },
  },
});
