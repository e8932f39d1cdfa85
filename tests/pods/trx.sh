#!/usr/bin/env bash
# Writes the pod scenarios' results (run.sh's TSV: name, ok|FAIL|skipped, seconds, reason) as a TRX file, the
# format every test project writes, so that tests/tools/summarize.sh counts them in the total like any test.
set -euo pipefail
tsv=${1:?usage: trx.sh RESULTS_TSV OUT.trx}
out=${2:?usage: trx.sh RESULTS_TSV OUT.trx}
mkdir -p "$(dirname "$out")"
guid() { cat /proc/sys/kernel/random/uuid; }
xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' <<<"$1"; }
list=8c84fa94-04c1-424b-9868-57a2d4851a1d
type=13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b
now=$(date -u +%Y-%m-%dT%H:%M:%S.0000000+00:00)
results='' definitions='' entries=''
total=0 executed=0 passed=0 failed=0
while IFS=$'\t' read -r name outcome seconds reason; do
  [ -n "$name" ] || continue
  test_id=$(guid) execution=$(guid)
  total=$((total + 1))
  case $outcome in
    ok) trx_outcome=Passed executed=$((executed + 1)) passed=$((passed + 1)) ;;
    skipped) trx_outcome=NotExecuted ;;
    *) trx_outcome=Failed executed=$((executed + 1)) failed=$((failed + 1)) ;;
  esac
  output=''
  if [ "$outcome" = skipped ]; then
    output="<Output><StdOut>$(xml "$reason")</StdOut></Output>"
  elif [ "$outcome" != ok ]; then
    output="<Output><ErrorInfo><Message>$(xml "$reason")</Message></ErrorInfo></Output>"
  fi
  duration=$(printf '00:%02d:%02d.0000000' $((seconds / 60)) $((seconds % 60)))
  results+="    <UnitTestResult executionId=\"$execution\" testId=\"$test_id\" testName=\"$(xml "$name")\" computerName=\"bifrost-vm\" duration=\"$duration\" startTime=\"$now\" endTime=\"$now\" testType=\"$type\" outcome=\"$trx_outcome\" testListId=\"$list\" relativeResultsDirectory=\"$execution\">$output</UnitTestResult>"$'\n'
  definitions+="    <UnitTest name=\"$(xml "$name")\" storage=\"tests/pods/scenarios/$(xml "$name").sh\" id=\"$test_id\"><Execution id=\"$execution\" /><TestMethod codeBase=\"tests/pods/run.sh\" adapterTypeName=\"executor://bifrost/pod-scenarios\" className=\"Bifrost.Pods\" name=\"$(xml "$name")\" /></UnitTest>"$'\n'
  entries+="    <TestEntry testId=\"$test_id\" executionId=\"$execution\" testListId=\"$list\" />"$'\n'
done < "$tsv"
summary=Completed
[ "$failed" -eq 0 ] || summary=Failed
cat > "$out" <<XML
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="$(guid)" name="Bifrost.Pods $now" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Times creation="$now" queuing="$now" start="$now" finish="$now" />
  <Results>
$results  </Results>
  <TestDefinitions>
$definitions  </TestDefinitions>
  <TestEntries>
$entries  </TestEntries>
  <TestLists>
    <TestList name="Results Not in a List" id="$list" />
  </TestLists>
  <ResultSummary outcome="$summary">
    <Counters total="$total" executed="$executed" passed="$passed" failed="$failed" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="$((total - executed))" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
  </ResultSummary>
</TestRun>
XML
