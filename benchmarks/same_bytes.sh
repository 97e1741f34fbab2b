#!/usr/bin/env bash
# Fingerprint of every built-in's results at fixed seeds, to show a refactoring changes no byte.
#
#   bash benchmarks/same_bytes.sh OUTDIR        (from a checkout, with its alliance-sim installed)
#
# Batches all built-in scenarios and counterfactuals (60,000 replicates, seed 7, 2 workers),
# a sweep, a JSON run of each built-in and a JSON comparison, then writes OUTDIR.sums: the
# SHA-256 of every chunk and history file. Run it before and after a change, then
#   diff before.sums after.sums && for f in before/*.json; do cmp "$f" after/"${f##*/}"; done
# No output means the same bytes. Manifests differ only in their start and end times.
set -euo pipefail
out=${1:?usage: same_bytes.sh OUTDIR}
rm -rf "$out"
mkdir -p "$out"
ids="air_cover armistice_terms pow_repatriation talks_1951_53 war_1950_53 $(ls scenarios/counterfactuals/*.yaml)"
# shellcheck disable=SC2086
alliance-sim batch $ids --out "$out/batch" -n 60000 -s 7 -w 2 > "$out/batch.log" 2>&1
alliance-sim sweep pow_repatriation --factor bargaining.rationality=10:40:3 --out "$out/sweep" \
    -k 200 -s 3 > "$out/sweep.log" 2>&1
for s in air_cover talks_1951_53 war_1950_53 pow_repatriation armistice_terms; do
    alliance-sim run "$s" -n 500 -s 11 -f json > "$out/run_$s.json"
done
alliance-sim compare pow_repatriation scenarios/counterfactuals/pow_stalin_lives.yaml -n 500 \
    -f json > "$out/compare.json"
(cd "$out" && find batch sweep \( -name "*.parquet" -o -name "history.json" \) | sort \
    | xargs sha256sum) > "$out.sums"
echo "wrote $out.sums ($(wc -l < "$out.sums") files)"
