#!/usr/bin/env python3
"""Runs an s2sim SNN scenario model (a subset: IF_curr_exp, IF_curr_delta, SpikeSourceArray, fromList and
fixedNumberPre projections, poisson_drive) in Brian2 and prints the spike times as JSON.

Timing conventions mapped onto Brian2's schedule (state update, threshold, synapses, reset):
- s2sim adds a spike's input at the start of step s + d (d = delay in steps) and integrates from there; Brian2
  applies on_pre after the threshold of its arrival step, so the same effect needs a Brian2 delay of (d - 1) dt.
- s2sim (as sPyNNaker and NEST) holds a neuron for round(tau_refrac / dt) steps after its spike step; Brian2 is
  refractory while t - lastspike < refractory, so the same count needs refractory = tau_refrac + dt.
Usage: brian2_network.py FILE.json [--device cpp_standalone] [--seed N]
"""
import json, sys, time, argparse
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument('file')
ap.add_argument('--device', default='runtime')
ap.add_argument('--seed', type=int, default=1)
ap.add_argument('--threads', type=int, default=1)
ap.add_argument('--build-dir', default='/tmp/s2sim-brian2-standalone')
args = ap.parse_args()
spec = json.load(open(args.file)) if args.file != '-' else json.load(sys.stdin)

import brian2 as b2
from brian2 import ms, mV, nA, nF, Hz, second
t_import = time.time()
if args.device == 'cpp_standalone':
    b2.set_device('cpp_standalone', directory=args.build_dir, build_on_run=False)
    if args.threads > 1:
        b2.prefs.devices.cpp_standalone.openmp_threads = args.threads
else:
    b2.prefs.codegen.target = 'numpy'
b2.seed(args.seed)
dt = spec['timestepMs'] * ms
b2.defaultclock.dt = dt
model = spec['model']
groups, monitors, sizes = {}, {}, {}
objs = []

def p(params, key, default):
    v = params.get(key, default)
    return np.asarray(v, dtype=float) if isinstance(v, list) else float(v)

for pop in model['populations']:
    n = pop['size']; sizes[pop['name']] = n
    if pop['model'] == 'SpikeSourceArray':
        lists = pop['spike_times']
        if len(lists) == 1 and n > 1: lists = lists * n
        idx = [i for i, l in enumerate(lists) for _ in l]
        ts = [t for l in lists for t in l]
        g = b2.SpikeGeneratorGroup(n, idx, np.array(ts) * ms)
    else:
        q = {'cm': 1.0, 'tau_m': 20.0, 'tau_refrac': 0.1, 'tau_syn_E': 5.0, 'tau_syn_I': 5.0, 'v_rest': -65.0, 'v_reset': -65.0, 'v_thresh': -50.0, 'i_offset': 0.0}
        q.update(pop.get('params', {}))
        if pop['model'] == 'IF_curr_exp':
            eqs = '''dv/dt = (v_rest - v)/tau_m + (ie - ii + i_offset)/c_m : volt (unless refractory)
                     die/dt = -ie/tau_e : amp
                     dii/dt = -ii/tau_i : amp
                     v_rest : volt (constant)
                     i_offset : amp (constant)'''
        elif pop['model'] == 'IF_curr_delta':
            eqs = '''dv/dt = (v_rest - v)/tau_m + i_offset/c_m : volt (unless refractory)
                     v_rest : volt (constant)
                     i_offset : amp (constant)'''
        else:
            sys.exit(f"brian2_network.py: model {pop['model']} is not in this script's subset")
        g = b2.NeuronGroup(n, eqs, threshold='v >= v_thresh', reset='v = v_reset', refractory=(p(q, 'tau_refrac', 0.1) * ms + dt) if not isinstance(q['tau_refrac'], list) else None,
                           method='exact',
                           # Time constants as numbers, not per-neuron variables: sympy's exact solver is fast on numbers.
                           namespace={'v_thresh': float(q['v_thresh']) * mV, 'v_reset': float(q['v_reset']) * mV, 'c_m': float(q['cm']) * nF,
                                      'tau_m': float(q['tau_m']) * ms, 'tau_e': float(q['tau_syn_E']) * ms, 'tau_i': float(q['tau_syn_I']) * ms})
        g.v_rest = p(q, 'v_rest', -65.0) * mV
        g.i_offset = p(q, 'i_offset', 0.0) * nA
        init = pop.get('initial_values', {}).get('v')
        if isinstance(init, dict) and 'uniform' in init:
            g.v = (init['uniform']['low'] + (init['uniform']['high'] - init['uniform']['low']) * np.random.rand(n)) * mV
        else:
            g.v = p(q, 'v_init', q['v_rest']) * mV if 'v_init' in q else g.v_rest
        drive = pop.get('poisson_drive')
        if drive:
            # Brian2's PoissonInput: N independent sources of rate nu, weight J (a binomial count per step).
            N = int(drive.get('sources', 1000))
            target = 'v' if pop['model'] == 'IF_curr_delta' else ('ie' if drive.get('receptor', 'excitatory') == 'excitatory' else 'ii')
            unit = mV if target == 'v' else nA
            pi = b2.PoissonInput(g, target, N, drive['rate_Hz'] / N * Hz, weight=f"{drive['weight']}*{'mV' if unit is mV else 'nA'}*int(not_refractory)" if target == 'v' else drive['weight'] * unit)
            objs.append(pi)
    groups[pop['name']] = g
    objs.append(g)
    if 'spikes' in pop.get('record', []):
        monitors[pop['name']] = b2.SpikeMonitor(g)
        objs.append(monitors[pop['name']])

for k, proj in enumerate(model.get('projections', [])):
    pre, post = groups[proj['pre']], groups[proj['post']]
    post_model = next(x['model'] for x in model['populations'] if x['name'] == proj['post'])
    inh = proj.get('receptor', 'excitatory') == 'inhibitory'
    target, unit = ('v', 'mV') if post_model == 'IF_curr_delta' else (('ii' if inh else 'ie'), 'nA')
    sign = '-' if (inh and target == 'v') else '+'
    guard = '*int(not_refractory_post)' if target == 'v' else ''
    S = b2.Synapses(pre, post, 'w : 1', on_pre=f'{target}_post {sign}= w*{unit}{guard}')
    c = proj['connector']
    if c['type'] == 'fromList':
        rows = np.array(c['connections'], dtype=float)
        S.connect(i=rows[:, 0].astype(int), j=rows[:, 1].astype(int))
        S.w = np.abs(rows[:, 2])
        S.delay = (rows[:, 3] - spec['timestepMs']) * ms
    elif c['type'] == 'fixedNumberPre':
        n_post, n_pre, K = post.N, pre.N, c['n']
        rng = np.random.default_rng(args.seed * 1000 + k)
        i = np.concatenate([rng.choice(n_pre, K, replace=False) for _ in range(n_post)])
        j = np.repeat(np.arange(n_post), K)
        S.connect(i=i, j=j)
        S.w = abs(proj['weight'])
        S.delay = (proj['delay'] - spec['timestepMs']) * ms
    else:
        sys.exit(f"brian2_network.py: connector {c['type']} is not in this script's subset")
    objs.append(S)

net = b2.Network(objs)
t0 = time.time()
net.run(spec['durationMs'] * ms)
if args.device == 'cpp_standalone':
    b2.device.build(directory=args.build_dir, compile=True, run=True, debug=False)
t1 = time.time()
out = {'wallSeconds': t1 - t0, 'spikes': {}}
if args.device == 'cpp_standalone':
    try:
        out['runSeconds'] = float(b2.device._last_run_time)
    except Exception:
        pass
for name, m in monitors.items():
    out['spikes'][name] = {'neurons': [int(x) for x in m.i[:]], 'timesMs': [float(t / ms) for t in m.t[:]]}
json.dump(out, sys.stdout)
