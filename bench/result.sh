# Sourced by the bench scripts: `result FIGURE MEASURED BASELINE RATIO GOAL MET` records one row of the table that
# `make bench` prints at its end (bench/run.sh). MEASURED and BASELINE carry their units ("4.1 ms"); RATIO is
# measured/baseline ("1.12x") or "-" where the figure has no baseline; MET is yes, no or "-" (no goal).
# Rows go to $BENCH_RESULTS when bench/run.sh set it, and are echoed either way.
result() {
  local row
  row=$(printf '%s|%s|%s|%s|%s|%s' "$1" "$2" "$3" "$4" "$5" "$6")
  echo "result: $row"
  if [ -n "${BENCH_RESULTS:-}" ]; then echo "$row" >>"$BENCH_RESULTS"; fi
}
# ratio A B: A/B with two decimals and an x, for RATIO.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2fx\n", a / b }'; }
# meets VALUE OP LIMIT (OP one of < <= > >=): prints yes or no.
meets() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { r = (op == "<") ? v < l : (op == "<=") ? v <= l : (op == ">") ? v > l : v >= l; print r ? "yes" : "no" }'; }
