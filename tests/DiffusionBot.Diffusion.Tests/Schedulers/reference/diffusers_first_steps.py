#!/usr/bin/env python3
"""First three steps of each sampler, transcribed from diffusers' schedulers (plain floats, no numpy/torch).

Source: github.com/huggingface/diffusers at 58eb52c0803ea9af3abec60841c2a093bdf1f951,
src/diffusers/schedulers/scheduling_{ddim,pndm,euler_discrete,euler_ancestral_discrete,dpmsolver_multistep,lcm}.py,
with SD 1.5's scheduler_config.json (scaled_linear 0.00085..0.012, 1000 train steps, steps_offset 1,
set_alpha_to_one false, epsilon prediction) and each class's defaults for the keys that config lacks.
The model is the deterministic, non-constant MODEL below, fed scale_model_input(sample) like the pipeline;
stochastic samplers draw NOISE(call) instead of randn. SchedulerStepReferenceTests.cs holds the output.
"""
import math

T = 1000
FIRST_ORDER_ONLY = False  # True shows what a missing second-order term would give
SAMPLE = [0.8, -0.5, 0.3, -1.2]


def model(x, t):
    return [0.6 * v * math.cos(t / 300.0) + 0.2 * math.sin(0.7 * i + t / 170.0) for i, v in enumerate(x)]


def noise(call):
    return [math.sin(1.3 * i + 0.9 * call + 0.4) for i in range(len(SAMPLE))]


def linspace(a, b, n, endpoint=True):
    if n == 1:
        return [float(a)]
    d = (b - a) / (n - 1 if endpoint else n)
    return [a + d * k for k in range(n)]


BETAS = [v * v for v in linspace(0.00085 ** 0.5, 0.012 ** 0.5, T)]
AC = []
_p = 1.0
for _b in BETAS:
    _p *= 1.0 - _b
    AC.append(_p)
FINAL_AC = AC[0]  # set_alpha_to_one = false
TRAIN_SIGMAS = [((1 - a) / a) ** 0.5 for a in AC]
LOG_SIGMAS = [math.log(s) for s in TRAIN_SIGMAS]


def np_round(v):  # numpy rounds half to even, like Python's round
    return float(round(v))


def interp(t, ys):  # np.interp(t, arange(len(ys)), ys)
    lo = min(int(math.floor(t)), len(ys) - 2)
    w = t - lo
    return ys[lo] * (1 - w) + ys[lo + 1] * w


def sigma_to_t(sigma):
    log_sigma = math.log(max(sigma, 1e-10))
    dists = [log_sigma - ls for ls in LOG_SIGMAS]
    cums = 0
    best, low_idx = -1, 0
    for i, d in enumerate(dists):  # cumsum(dists >= 0).argmax()
        cums += 1 if d >= 0 else 0
        if cums > best:
            best, low_idx = cums, i
    low_idx = min(low_idx, len(LOG_SIGMAS) - 2)
    high_idx = low_idx + 1
    low, high = LOG_SIGMAS[low_idx], LOG_SIGMAS[high_idx]
    w = min(max((low - log_sigma) / (low - high), 0.0), 1.0)
    return (1 - w) * low_idx + w * high_idx


def leading(n):
    ratio = T // n
    return [float(k * ratio + 1) for k in range(n)][::-1]


def ddim(n, steps=3):
    ts, x, out = leading(n), list(SAMPLE), []
    for t in ts[:steps]:
        e = model(x, t)
        prev = t - T // n
        a, ap = AC[int(t)], AC[int(prev)] if prev >= 0 else FINAL_AC
        x0 = [(xi - (1 - a) ** 0.5 * ei) / a ** 0.5 for xi, ei in zip(x, e)]
        x = [ap ** 0.5 * x0i + (1 - ap) ** 0.5 * ei for x0i, ei in zip(x0, e)]
        out.append((t, x))
    return out


def pndm_prev(sample, t, prev, e):
    a, ap = AC[int(t)], AC[int(prev)] if prev >= 0 else FINAL_AC
    b, bp = 1 - a, 1 - ap
    coeff = (ap / a) ** 0.5
    denom = a * bp ** 0.5 + (a * b * ap) ** 0.5
    return [coeff * s - (ap - a) * m / denom for s, m in zip(sample, e)]


def pndm(n, steps=3):
    base = [float(k * (T // n) + 1) for k in range(n)]
    ts = (base[:-1] + base[-2:-1] + base[-1:])[::-1]  # skip_prk_steps
    x, ets, cur, out = list(SAMPLE), [], None, []
    for counter, t in enumerate(ts[:steps]):
        e = model(x, t)
        timestep, prev = t, t - T // n
        if counter != 1:
            ets = ets[-3:] + [e]
        else:
            prev, timestep = t, t + T // n
        sample = x
        if len(ets) == 1 and counter == 0:
            m, cur = e, x
        elif len(ets) == 1 and counter == 1:
            m = [(a + b) / 2 for a, b in zip(e, ets[-1])]
            sample, cur = cur, None
        elif len(ets) == 2:
            m = [(3 * a - b) / 2 for a, b in zip(ets[-1], ets[-2])]
        else:
            m = [(23 * a - 16 * b + 5 * c) / 12 for a, b, c in zip(ets[-1], ets[-2], ets[-3])]
        x = pndm_prev(sample, timestep, prev, m)
        out.append((t, x))
    return out


def euler_sigmas(n):
    ts = linspace(0, T - 1, n)[::-1]
    return ts, [interp(t, TRAIN_SIGMAS) for t in ts] + [0.0]


def euler(n, ancestral, steps=3):
    ts, sig = euler_sigmas(n)
    x, out = list(SAMPLE), []
    for i, t in enumerate(ts[:steps]):
        s = sig[i]
        e = model([v / (s * s + 1) ** 0.5 for v in x], t)
        x0 = [xi - s * ei for xi, ei in zip(x, e)]
        d = [(xi - x0i) / s for xi, x0i in zip(x, x0)]
        if not ancestral:  # s_churn = 0, so sigma_hat = sigma
            x = [xi + di * (sig[i + 1] - s) for xi, di in zip(x, d)]
        else:
            to = sig[i + 1]
            up = (to * to * (s * s - to * to) / (s * s)) ** 0.5
            down = (to * to - up * up) ** 0.5
            z = noise(i)
            x = [xi + di * (down - s) + zi * up for xi, di, zi in zip(x, d, z)]
        out.append((t, x))
    return out


def karras(n):
    smin, smax, rho = TRAIN_SIGMAS[0], TRAIN_SIGMAS[-1], 7.0
    return [(smax ** (1 / rho) + r * (smin ** (1 / rho) - smax ** (1 / rho))) ** rho for r in linspace(0, 1, n)]


def dpm(n, use_karras, steps=3):
    if use_karras:
        sig = karras(n)
        ts = [np_round(sigma_to_t(s)) for s in sig]
    else:
        ts = [np_round(v) for v in linspace(0, T - 1, n + 1)][::-1][:-1]
        sig = [interp(t, TRAIN_SIGMAS) for t in ts]
    sig = sig + [0.0]  # final_sigmas_type = "zero"

    def alpha_sigma(s):
        a = 1 / (s * s + 1) ** 0.5
        return a, s * a

    x, outputs, out = list(SAMPLE), [], []
    for i, t in enumerate(ts[:steps]):
        e = model(x, t)  # scale_model_input is the identity
        a_s0, s_s0 = alpha_sigma(sig[i])
        x0 = [(xi - s_s0 * ei) / a_s0 for xi, ei in zip(x, e)]
        outputs = (outputs + [x0])[-2:]
        a_t, s_t = alpha_sigma(sig[i + 1])
        lam_t, lam_s0 = math.log(a_t) - math.log(s_t), math.log(a_s0) - math.log(s_s0)
        h = lam_t - lam_s0
        if i == 0 or FIRST_ORDER_ONLY:  # lower_order_nums < 1: first-order update
            x = [(s_t / s_s0) * xi - a_t * (math.exp(-h) - 1.0) * m for xi, m in zip(x, x0)]
        else:  # second order, midpoint
            a_s1, s_s1 = alpha_sigma(sig[i - 1])
            r0 = (lam_s0 - (math.log(a_s1) - math.log(s_s1))) / h
            m0, m1 = outputs[-1], outputs[-2]
            x = [(s_t / s_s0) * xi - a_t * (math.exp(-h) - 1.0) * d0 - 0.5 * a_t * (math.exp(-h) - 1.0) * (d0 - d1) / r0
                 for xi, d0, d1 in zip(x, m0, m1)]
        out.append((t, x))
    return out


def lcm(n, steps=3):
    k, original = T // 50, 50
    origin = [float(j * k - 1) for j in range(1, original + 1)][::-1]
    ts = [origin[int(math.floor(v))] for v in linspace(0, len(origin), n, endpoint=False)]
    x, out = list(SAMPLE), []
    for i, t in enumerate(ts[:steps]):
        e = model(x, t)
        prev = ts[i + 1] if i + 1 < len(ts) else t
        a, ap = AC[int(t)], AC[int(prev)] if prev >= 0 else FINAL_AC
        st = t * 10.0
        c_skip, c_out = 0.25 / (st * st + 0.25), st / (st * st + 0.25) ** 0.5
        x0 = [(xi - (1 - a) ** 0.5 * ei) / a ** 0.5 for xi, ei in zip(x, e)]
        den = [c_out * x0i + c_skip * xi for x0i, xi in zip(x0, x)]
        if i != n - 1:
            x = [ap ** 0.5 * di + (1 - ap) ** 0.5 * zi for di, zi in zip(den, noise(i))]
        else:
            x = den
        out.append((t, x))
    return out


if __name__ == "__main__":
    runs = {
        "ddim": ddim(10), "pndm": pndm(10), "euler": euler(10, False), "euler_a": euler(10, True),
        "dpm++2m": dpm(10, False), "dpm++2m_karras": dpm(10, True), "lcm": lcm(4),
    }
    for name, steps in runs.items():
        print(name)
        for t, x in steps:
            print(f"  t={t!r}: [{', '.join(f'{v:.7g}' for v in x)}]")
