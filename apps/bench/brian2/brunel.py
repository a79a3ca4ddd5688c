#!/usr/bin/python3
"""Brunel (2000) balanced network, Fig. 8C, in Brian2: the reference side of s2sim's side-by-side benchmark.

Network (Brunel 2000, J Comput Neurosci 8:183, Fig. 8C, "synchronous irregular, fast"):
  N_E = 10,000 excitatory + N_I = 2,500 inhibitory delta-current LIF neurons,
  tau = 20 ms, theta = 20 mV, V_r = 10 mV, t_ref = 2 ms, delay D = 1.5 ms,
  fixed in-degree C_E = 1000 (from E) and C_I = 250 (from I), J = 0.1 mV, g = 5 (inhibitory weight -g*J),
  external drive: C_E independent Poisson inputs per neuron at nu_ext = 2 * nu_thr, nu_thr = theta / (J * C_E * tau),
  dt = 0.1 ms.

Scaling (the rule of @s2sim/snn's brunelModel(), so both sides build the same network): --scale s multiplies N_E and
N_I by s; the in-degrees stay C_E = 1000 and C_I = 250 (the dynamics depend on C and J), capped at the population
sizes; J is unchanged. At s = 0.1 every neuron therefore receives input from every neuron.

Connectivity (as PyNN's FixedNumberPre defaults, which s2sim implements): each neuron draws its C_E and C_I
presynaptic partners uniformly without replacement, self-connections allowed, from a NumPy generator seeded by --seed.
Input arriving during the refractory period is discarded (as NEST's iaf_psc_delta and s2sim's IF_curr_delta do), the
threshold test is v >= theta. Initial membrane potentials: uniform in [0, theta). Brian2's own seed (Poisson drive)
is --seed too. The two simulators draw different random numbers, so they agree in statistics, not spike by spike.

Timing: `setupS` is building the network objects. Runtime device: a 1 ms warm-up run (code generation and
compilation) precedes --repeat measured runs of --duration-ms each, continuing the same network. cpp_standalone:
`buildS` is the whole code generation + compile + first execution; the binary is then executed --repeat - 1 more
times (same seed, same result), and each sample is Brian2's own measure of the simulation loop
(device._last_run_time). `runSamplesS` are the samples, `runS` their median; spikes, rates and synaptic events are
per measured run (warm-up excluded). `cpuSamplesS`: CPU seconds (user + system) of each measured run: of this
process around net.run (runtime), of the whole binary execution, all threads, loading included (cpp_standalone).

Prints one JSON object on stdout. Usage:
  /usr/bin/python3 brunel.py --device runtime --scale 0.1 --duration-ms 200 --seed 1
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--device', choices=['runtime', 'cpp_standalone'], default='runtime')
    p.add_argument('--scale', type=float, default=1.0, help='multiplies N_E and N_I; in-degrees stay 1000 and 250 (capped at the population sizes)')
    p.add_argument('--duration-ms', type=float, default=1000.0, help='measured biological time')
    p.add_argument('--dt-ms', type=float, default=0.1)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--threads', type=int, default=1, help='OpenMP threads (cpp_standalone only)')
    p.add_argument('--repeat', type=int, default=1, help='measured runs in this process (see Timing)')
    p.add_argument('--build-dir', default=None, help='cpp_standalone project folder (reused: unchanged files are not recompiled)')
    return p.parse_args(argv)


_binary_peak_kib = [0]
_binary_cpu_s = []


def _own_peak_kib():
    """This process's peak RSS: VmHWM, not ru_maxrss, which for a spawned process starts from its parent's peak
    (the kernel keeps the high-water mark of the address space replaced at exec)."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _measure_binary_rss(device_module):
    """Brian2 runs the compiled simulation with subprocess.call; wrap it to follow that child's own peak RSS.

    Not getrusage: a child's ru_maxrss keeps the high-water mark of the memory it inherited from this (large) Python
    process at fork. The binary's VmHWM in /proc belongs to its own address space after exec, so it is polled
    (every 10 ms; it only grows) until the binary exits."""
    import subprocess

    def call(args, **kw):
        p = subprocess.Popen(args, **kw)
        while True:
            try:
                with open(f'/proc/{p.pid}/status') as f:
                    for line in f:
                        if line.startswith('VmHWM:'):
                            _binary_peak_kib[0] = max(_binary_peak_kib[0], int(line.split()[1]))
            except (OSError, ValueError):
                pass
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                # The binary's own CPU time (all its threads): robust to other load, unlike wall time.
                _binary_cpu_s.append(usage.ru_utime + usage.ru_stime)
                p.returncode = os.waitstatus_to_exitcode(status)
                return p.returncode
            time.sleep(0.01)

    device_module.subprocess = type('subprocess_with_peak_rss', (), {'call': staticmethod(call)})


def main(argv):
    a = parse_args(argv)
    if a.scale <= 0 or a.duration_ms <= 0 or a.dt_ms <= 0 or a.repeat < 1 or a.threads < 1:
        sys.exit('brunel.py: --scale, --duration-ms, --dt-ms, --repeat and --threads must be positive')
    import brian2 as b2
    from brian2 import ms, mV, Hz

    b2.prefs.logging.console_log_level = 'ERROR'
    if a.device == 'cpp_standalone':
        build_dir = os.path.abspath(a.build_dir or os.path.join('/tmp', 's2sim-brian2-standalone'))
        import brian2.devices.cpp_standalone.device as standalone_device
        _measure_binary_rss(standalone_device)
        b2.set_device('cpp_standalone', directory=build_dir, build_on_run=False)
        if a.threads > 1:  # 0 (the default) builds without OpenMP; 1 would add OpenMP overhead for nothing
            b2.prefs.devices.cpp_standalone.openmp_threads = a.threads
    n_e, n_i = int(round(10000 * a.scale)), int(round(2500 * a.scale))
    n_e, n_i = max(1, n_e), max(1, n_i)
    c_e, c_i = min(n_e, 1000), min(n_i, 250)
    j_mv, g = 0.1, 5.0
    tau, theta, v_r, t_ref, delay = 20 * ms, 20 * mV, 10 * mV, 2 * ms, 1.5 * ms
    nu_thr = theta / (j_mv * mV * c_e * tau)
    nu_ext = 2 * nu_thr
    b2.defaultclock.dt = a.dt_ms * ms
    b2.seed(a.seed)
    rng = np.random.default_rng(a.seed)

    t0 = time.perf_counter()
    n = n_e + n_i
    neurons = b2.NeuronGroup(n, 'dv/dt = -v / tau : volt (unless refractory)', threshold='v >= theta', reset='v = v_r',
                             refractory=t_ref, method='exact', namespace={'tau': tau, 'theta': theta, 'v_r': v_r, 'J_ext': j_mv * mV})
    neurons.v = rng.uniform(0, float(theta), size=n) * b2.volt
    # int(not_refractory): input during the refractory period is discarded.
    exc = b2.Synapses(neurons[:n_e], neurons, on_pre='v_post += J * int(not_refractory_post)', delay=delay, namespace={'J': j_mv * mV})
    inh = b2.Synapses(neurons[n_e:], neurons, on_pre='v_post += -g * J * int(not_refractory_post)', delay=delay, namespace={'J': j_mv * mV, 'g': g})
    pre_e = np.stack([rng.choice(n_e, size=c_e, replace=False) for _ in range(n)]).astype(np.int32)
    pre_i = np.stack([rng.choice(n_i, size=c_i, replace=False) for _ in range(n)]).astype(np.int32)
    post_e = np.repeat(np.arange(n, dtype=np.int32), c_e)
    post_i = np.repeat(np.arange(n, dtype=np.int32), c_i)
    exc.connect(i=pre_e.ravel(), j=post_e)
    inh.connect(i=pre_i.ravel(), j=post_i)
    drive = b2.PoissonInput(neurons, 'v', N=c_e, rate=nu_ext, weight='J_ext * int(not_refractory)')
    spikes = b2.SpikeMonitor(neurons)
    net = b2.Network(neurons, exc, inh, drive, spikes)
    setup_s = time.perf_counter() - t0

    warmup_ms = 0.0
    build_s = None
    run_samples = []
    cpu_samples = []
    if a.device == 'runtime':
        # Repeats continue the same network (steady state), each over --duration-ms.
        warmup_ms = 1.0
        net.run(warmup_ms * ms)
        for _ in range(a.repeat):
            t1, c1 = time.perf_counter(), time.process_time()
            net.run(a.duration_ms * ms)
            run_samples.append(time.perf_counter() - t1)
            cpu_samples.append(time.process_time() - c1)
    else:
        # Repeats re-execute the compiled binary: the same simulation from the start, same seed, same spikes.
        net.run(a.duration_ms * ms)
        t1 = time.perf_counter()
        b2.device.build(directory=build_dir, compile=True, run=True, debug=False, clean=False)
        build_s = time.perf_counter() - t1
        run_samples.append(float(b2.device._last_run_time))
        for _ in range(a.repeat - 1):
            b2.device.run(build_dir, False, [])
            run_samples.append(float(b2.device._last_run_time))
        cpu_samples = list(_binary_cpu_s)
    windows = a.repeat if a.device == 'runtime' else 1
    run_s = float(np.median(run_samples))

    st = np.asarray(spikes.t / ms)
    si = np.asarray(spikes.i)
    keep = st >= warmup_ms
    si = si[keep]
    counts = np.bincount(si, minlength=n)
    # Recurrent synaptic events: every spike reaches each of its neuron's outgoing synapses once.
    out_deg = np.bincount(pre_e.ravel(), minlength=n_e).astype(np.int64)
    out_deg = np.concatenate([out_deg, np.bincount(pre_i.ravel(), minlength=n_i).astype(np.int64)])
    syn_events = float(np.dot(counts.astype(np.int64), out_deg)) / windows  # per measured run
    bio_s = a.duration_ms / 1000.0
    counts_per_window = counts / windows
    # External drive: expected Poisson arrivals (Brian2's PoissonInput draws binomial counts per step, not events).
    ext_events = float(n * c_e * float(nu_ext / Hz) * bio_s)
    out = {
        'simulator': 'brian2', 'brian2Version': b2.__version__, 'device': a.device,
        'threads': a.threads if a.device == 'cpp_standalone' else 1,
        'codegenTarget': type(neurons.state_updater.codeobj).__name__ if a.device == 'runtime' else 'cpp_standalone',
        'nE': n_e, 'nI': n_i, 'cE': c_e, 'cI': c_i, 'jMv': j_mv, 'g': g, 'nuExtHz': float(nu_ext / Hz),
        'synapses': int(n * (c_e + c_i)), 'dtMs': a.dt_ms, 'bioS': bio_s, 'seed': a.seed,
        'setupS': setup_s, 'runS': run_s, 'runSamplesS': run_samples, 'cpuSamplesS': cpu_samples, 'buildS': build_s, 'warmupMs': warmup_ms,
        'wallPerBioS': run_s / bio_s,
        'rateEHz': float(counts_per_window[:n_e].sum() / n_e / bio_s), 'rateIHz': float(counts_per_window[n_e:].sum() / n_i / bio_s),
        'spikes': float(counts_per_window.sum()), 'synapticEvents': syn_events, 'synapticEventsPerS': syn_events / run_s if run_s > 0 else None,
        'externalEventsExpected': ext_events,
        # Runtime: this process. Standalone: the simulation binary (a child), not the compiler.
        'peakRssMiB': (_binary_peak_kib[0] if a.device == 'cpp_standalone' else _own_peak_kib()) / 1024,
        'pythonPeakRssMiB': _own_peak_kib() / 1024,
    }
    print(json.dumps(out))


if __name__ == '__main__':
    main(sys.argv[1:])
