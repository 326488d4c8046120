#!/usr/bin/env bash
# gpu-check: what a lent GPU machine runs in one call (under 8 minutes), from the repository root.
# Builds Release, forges SD 1.5's full-size architecture (random weights), and runs the engine-arch benchmark
# on CUDA at 512x512, 50 steps with CFG, without and then with CUDA graphs. JSON and logs go to $OUT
# (the device tool's output folder; default ./gpu-check-out). Exit: 0 all targets met, 1 a target missed,
# 2 a step failed (the message says which).
# GPU_CHECK_ARCH=sdxl runs SDXL base's full-size architecture instead, at 1024x1024 and 30 steps (a second call: forging
# SDXL's 2.6B-parameter UNet alone takes minutes).
# Overrides for a CPU plumbing check: GPU_CHECK_DEVICE=cpu GPU_CHECK_WIDTH_DIV=8 GPU_CHECK_SIZE=64 GPU_CHECK_STEPS=2 GPU_CHECK_REPEATS=1
set -uo pipefail

OUT_DIR="${OUT:-./gpu-check-out}"
DEVICE="${GPU_CHECK_DEVICE:-cuda}"
WIDTH_DIV="${GPU_CHECK_WIDTH_DIV:-1}"
ARCH="${GPU_CHECK_ARCH:-sd15}"
# fp16 as the H100 figure (Optimum's fp16 export): text encoders and UNet in float16, the VAE in float32.
PRECISION="${GPU_CHECK_PRECISION:-fp16}"
if [ "$ARCH" = "sdxl" ]; then DEFAULT_SIZE=1024; DEFAULT_STEPS=30; else DEFAULT_SIZE=512; DEFAULT_STEPS=50; fi
SIZE="${GPU_CHECK_SIZE:-$DEFAULT_SIZE}"
STEPS="${GPU_CHECK_STEPS:-$DEFAULT_STEPS}"
# 5 generations x 49 sampled steps = 245 per-step samples, enough for a p99.
REPEATS="${GPU_CHECK_REPEATS:-5}"
BUDGET_S="${GPU_CHECK_BUDGET_S:-470}"
# The model stays out of $OUT: the full-size fp32 files are about 3.4 GB and must not travel back.
MODEL_DIR="${GPU_CHECK_MODEL_DIR:-${TMPDIR:-/tmp}/gpu-check-${ARCH}-${PRECISION}-w${WIDTH_DIV}}"
H100_OPTIMUM_S=0.57

mkdir -p "$OUT_DIR" || { echo "gpu-check: FAILED: cannot create $OUT_DIR" >&2; exit 2; }
OUT_DIR="$(cd "$OUT_DIR" && pwd)"

fail() {
  echo "gpu-check: FAILED at $1" >&2
  exit 2
}

remaining() {
  local left=$((BUDGET_S - SECONDS))
  [ "$left" -gt 5 ] || fail "time budget: ${BUDGET_S} s spent before the next step"
  echo "$left"
}

# step NAME LOG COMMAND...: runs COMMAND within the time left, its output in $OUT_DIR/LOG; returns its exit code.
step() {
  local name="$1" log="$OUT_DIR/$2"
  shift 2
  local left
  left="$(remaining)" || exit 2
  echo "gpu-check: $name (at ${SECONDS} s, ${left} s left)"
  timeout "$left" "$@" >"$log" 2>&1
  local rc=$?
  if [ "$rc" -eq 124 ]; then
    tail -n 20 "$log" >&2
    fail "$name: ran out of the ${BUDGET_S} s budget (log: $log)"
  fi
  return "$rc"
}

command -v dotnet >/dev/null 2>&1 \
  || fail "no dotnet on PATH: this machine has no .NET SDK, so nothing can be built here (install the .NET 10 SDK, or carry a published build)"
dotnet --list-sdks | grep -q '^10\.' || fail "dotnet is present but has no .NET 10 SDK ($(dotnet --list-sdks | tr '\n' ' '))"

if [ "$DEVICE" = "cuda" ]; then
  command -v nvidia-smi >/dev/null 2>&1 || fail "GPU_CHECK_DEVICE=cuda but nvidia-smi is missing: no NVIDIA driver visible"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT_DIR/gpu.txt" \
    || fail "nvidia-smi could not query the GPU"
fi

step "build (Release)" build.log dotnet build -c Release tests/DiffusionBot.Benchmarks/DiffusionBot.Benchmarks.csproj \
  || { tail -n 30 "$OUT_DIR/build.log" >&2; fail "build: see $OUT_DIR/build.log (no NuGet access? carry a restored package folder)"; }
step "build forge CLI (Release)" build-cli.log dotnet build -c Release src/DiffusionBot/DiffusionBot.csproj \
  || { tail -n 30 "$OUT_DIR/build-cli.log" >&2; fail "build of src/DiffusionBot: see $OUT_DIR/build-cli.log"; }

if [ -f "$MODEL_DIR/unet/model.onnx" ]; then
  echo "gpu-check: reusing the forged model in $MODEL_DIR"
else
  rm -rf "$MODEL_DIR"
  step "forge $ARCH (width / $WIDTH_DIV)" forge.log dotnet run -c Release --no-build --project src/DiffusionBot -- forge --arch "$ARCH" --width-div "$WIDTH_DIV" --precision "$PRECISION" --out "$MODEL_DIR" \
    || { tail -n 20 "$OUT_DIR/forge.log" >&2; fail "forge: see $OUT_DIR/forge.log"; }
fi
echo "gpu-check: $ARCH in $PRECISION (text encoders and UNet; the VAE is float32)"

BENCH="tests/DiffusionBot.Benchmarks/bin/Release/net10.0/DiffusionBot.Benchmarks.dll"
[ -f "$BENCH" ] || fail "the build did not produce $BENCH"
missed=0
for graph in false true; do
  name="engine-arch-${ARCH}-${PRECISION}-${DEVICE}-graph-${graph}"
  step "engine-arch on $DEVICE, CUDA graph $graph, ${SIZE}x${SIZE}, $STEPS steps x $REPEATS" "$name.log" \
    dotnet "$BENCH" engine-arch --json "$OUT_DIR/$name.json" --arch "$ARCH" --model-folder "$MODEL_DIR" --device "$DEVICE" --cuda-graph "$graph" \
    --size "$SIZE" --steps "$STEPS" --repeats "$REPEATS"
  rc=$?
  cat "$OUT_DIR/$name.log"
  case "$rc" in
    0) ;;
    1) missed=1 ;;
    *) fail "engine-arch (CUDA graph $graph) exited $rc: see $OUT_DIR/$name.log" ;;
  esac
  [ -f "$OUT_DIR/$name.json" ] || fail "engine-arch (CUDA graph $graph) wrote no $name.json"
done

summary() {
  python3 - "$OUT_DIR" "$H100_OPTIMUM_S" "$SIZE" "$STEPS" "$ARCH" "$PRECISION" <<'PY'
import json, pathlib, sys
out, h100, size, steps, arch, precision = pathlib.Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
for path in sorted(out.glob(f"engine-arch-{arch}-{precision}-*.json")):
    report = json.loads(path.read_text())
    for mode in report["modes"]:
        step = mode["step_overhead"]
        wall = mode["pipeline_seconds"]
        print(f"gpu-check: {path.stem} [{mode['name']}, {mode['provider']}]: {wall:.3f} s per {size}x{size} image ({steps} steps, median), "
              f"floor {mode['floor_seconds']:.3f} s, copies per step {step['copies_per_step']:g}, "
              f"overhead outside ORT p99 {step['p99_overhead_percent_of_ort']:.2f} % of ORT over {step['samples']} steps")
        comparable = arch == "sd15" and precision == "fp16" and size == "512" and steps == "50"
        verdict = f"this run is {wall / h100:.2f}x that" if comparable else f"not comparable: this run was {arch} {precision}, {size}x{size}, {steps} steps"
        print(f"gpu-check:   vs ONNX Runtime + Optimum on an H100 (fp16, 512x512, 50 steps): {h100} s -> {verdict}")
PY
}
if command -v python3 >/dev/null 2>&1; then
  summary || fail "summary: could not read the JSON in $OUT_DIR"
else
  echo "gpu-check: no python3 for the summary; the per-run lines above have the figures (compare pipeline seconds with ONNX Runtime + Optimum's $H100_OPTIMUM_S s on an H100)"
fi

echo "gpu-check: done in ${SECONDS} s; JSON and logs in $OUT_DIR"
exit "$missed"
