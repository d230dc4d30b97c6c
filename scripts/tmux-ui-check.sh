#!/usr/bin/env bash
# Drives the built CLI in a real terminal (tmux, 120×40) and asserts on what a person would see:
#   1. `robustcheck run` of the demo suite (160 samples on one thread with the tfjs engine, so the run lasts long enough to watch): live progress, then a final screen that
#      names the suite with its score and verdict, and an exit code that matches the verdict;
#   2. `robustcheck ui`: the suite list, the suite view (table and chart), the adversarial example
#      viewer (or its "no examples recorded" message when the report has none), then quitting.
# Needs `npm run build` first and tmux installed. Exits non-zero with the captured screen on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# grep and tmux must read the screen as UTF-8 (box, block and check-mark characters).
export LC_ALL=C.UTF-8 LANG=C.UTF-8

command -v tmux >/dev/null || { echo "tmux-ui-check: tmux is not installed (apt-get install tmux)"; exit 2; }
[ -f dist/src/cli/main.js ] || { echo "tmux-ui-check: dist/src/cli/main.js missing; run npm run build first"; exit 2; }

work="$(mktemp -d)"
socket="robustcheck-ui-check-$$"
screen="$work/screen.txt"
# A private tmux server, so nothing else the machine runs in tmux is touched.
tmx() { tmux -L "$socket" "$@"; }
cleanup() { tmx kill-server >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

# The pane gets a clean, interactive environment: no CI variables (the CLI and Ink treat CI as
# non-interactive), a UTF-8 locale and 24-bit colour so the half-block images are exercised.
pane_env=(env -i "PATH=$PATH" "HOME=${HOME:-/tmp}" TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 COLORTERM=truecolor)

fail() {
  echo "tmux-ui-check: FAILED: $1"
  echo "----- captured screen -----"
  cat "$screen" 2>/dev/null || true
  echo "---------------------------"
  exit 1
}

capture() { tmx capture-pane -p -t check > "$screen" 2>/dev/null || true; }

# wait_for REGEX SECONDS WHAT: polls the screen until REGEX (grep -E) matches.
wait_for() {
  local deadline=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$deadline" ]; do
    capture
    if grep -Eq -- "$1" "$screen"; then return 0; fi
    sleep 0.2
  done
  fail "timed out after $2 s waiting for $3 (/$1/)"
}

expect_screen() { grep -Eq -- "$1" "$screen" || fail "$2 (/$1/ not on screen)"; }

# Killing the last session stops the tmux server; a new session started while it shuts down can
# fail with "server exited unexpectedly" on a busy machine, so starting is retried.
start() {
  local attempt
  for attempt in 1 2 3 4 5 6; do
    tmx -u new-session -d -s check -x 120 -y 40 "${pane_env[*]} $1; echo EXIT=\$?; sleep 600" 2>/dev/null && return 0
    sleep 0.5
  done
  fail "tmux could not start a session"
}

# 1. Live run ---------------------------------------------------------------------------------
reports="$work/reports"
start "node dist/src/cli/main.js run suites/fashion-mnist.suite.json --limit 160 --workers 1 --engine tfjs --no-cache --out $reports"
saw_progress=0
deadline=$((SECONDS + 300))
while :; do
  capture
  grep -Eq 'samples/s · ETA' "$screen" && saw_progress=1
  grep -Eq '^EXIT=' "$screen" && break
  [ "$SECONDS" -lt "$deadline" ] || fail "the run did not finish within 300 s"
  sleep 0.2
done
[ "$saw_progress" = 1 ] || fail "no live progress (samples/s · ETA) was ever on screen during the run"
expect_screen '▶ fashion-cnn \(suites/fashion-mnist\.suite\.json\) — 160 samples' "the running suite header is missing"
expect_screen '^(✔|✗) fashion-cnn +score [0-9]+\.[0-9] · clean [0-9.]+% · worst-case robust .* · (PASS|FAIL|ERROR)' "the finished-suite line with score and verdict is missing"
expect_screen '^fashion-cnn +160 +[0-9.]+% +.* +[0-9]+\.[0-9] +(PASS|FAIL|ERROR)' "the summary table row is missing"
expect_screen '^(PASS|FAIL|ERROR): [01]/1 suite\(s\) passed · .* · exit [0-3]$' "the final verdict line is missing"
verdict="$(grep -Eo '^(PASS|FAIL|ERROR): ' "$screen" | head -1 | tr -d ': ')"
code="$(grep -Eo '^EXIT=[0-9]+' "$screen" | head -1 | cut -d= -f2)"
case "$verdict:$code" in PASS:0|FAIL:1|ERROR:2|ERROR:3) ;; *) fail "verdict $verdict does not match exit code $code" ;; esac
expect_screen "· exit $code\$" "the printed exit code differs from the process's ($code)"
if grep -q $'\e' "$screen"; then fail "capture-pane -p returned escape sequences"; fi
score="$(grep -Eo '^(✔|✗) fashion-cnn +score [0-9]+\.[0-9]' "$screen" | grep -Eo '[0-9]+\.[0-9]$')"
[ -f "$reports/fashion-cnn/report.json" ] || fail "the run wrote no $reports/fashion-cnn/report.json"
echo "tmux-ui-check: run screen OK (fashion-cnn score $score, $verdict, exit $code)"
tmx kill-session -t check

# 2. Explorer ---------------------------------------------------------------------------------
start "node dist/src/cli/main.js ui suites/fashion-mnist.suite.json --out $reports"
wait_for 'q quit' 30 "the suite list"
expect_screen "^› fashion-cnn +suites/fashion-mnist\.suite\.json +$verdict +score +$score · 160 samples" "the list does not show the report just written"

tmx send-keys -t check Enter
wait_for '1 attacks × ε' 15 "the suite view"
expect_screen "^fashion-cnn · 160 samples · seed 1234 · [a-z]+ · score $score · $verdict" "the suite header is wrong"
expect_screen '^› fgsm +linf +ε=0\.01 +[0-9.]+% \[' "the attacks × ε table is missing the fgsm row"
expect_screen '^  pgd +linf +ε=0\.03 +[0-9.]+% \[' "the attacks × ε table is missing the pgd row"
expect_screen 'Enter/e examples' "the suite key help is missing"

tmx send-keys -t check 2
wait_for 'accuracy vs ε' 10 "the chart tab"
expect_screen '^clean +█+' "the chart has no clean-accuracy bar"
expect_screen '^pgd +linf ε=0\.01 +█+' "the chart has no pgd bar"

tmx send-keys -t check 1 e
wait_for 'adversarial examples · fashion-cnn · fgsm linf ε=0\.01' 10 "the example viewer"
if grep -q 'no examples recorded' "$screen"; then
  [ "$(node -e 'const r=require(process.argv[1]);process.stdout.write(String(r.attacks[0].results[0].examples?.length??0))' "$reports/fashion-cnn/report.json")" = 0 ] \
    || fail "the viewer says no examples but the report has some"
  echo "tmux-ui-check: example viewer OK (report has no examples: message shown)"
else
  expect_screen 'example 1 of [0-9]+ · sample #[0-9]+' "the example counter is missing"
  expect_screen '^clean +δ amplified +adversarial' "the image captions are missing"
  expect_screen '▀{20,}' "the half-block images are missing"
  expect_screen '^true: .+ \([0-9]\)$' "the true label is missing"
  expect_screen '^clean: .+ \([0-9]\) [0-9.]+%$' "the clean prediction is missing"
  expect_screen '^adversarial: .+ \([0-9]\) [0-9.]+% \((misclassified|still correct)\)$' "the adversarial prediction is missing"
  echo "tmux-ui-check: example viewer OK"
fi
expect_screen 'Esc/q back' "the viewer key help is missing"

tmx send-keys -t check q
wait_for '1 attacks × ε' 10 "the suite view after leaving the viewer"
tmx send-keys -t check q
wait_for 'q quit' 10 "the suite list after leaving the suite"
tmx send-keys -t check q
wait_for '^EXIT=' 15 "the explorer to exit"
expect_screen '^EXIT=0$' "the explorer did not exit with 0"
if grep -q 'robustcheck ui · ' "$screen"; then fail "the explorer screen was not cleared on exit (alternate screen not left)"; fi
echo "tmux-ui-check: explorer OK"
echo "tmux-ui-check: PASSED"
