#!/bin/sh
# Downloads the saved plan of the pull request merged as COMMIT: the plan job's artifact for the
# pull request's head commit (`tenancy-plan-<sha>`). Without one (a direct push, an expired
# artifact), nothing is fetched and apply.sh plans again for review.
set -eu
commit=${1:?usage: fetch-reviewed-plan.sh COMMIT}
head=$(gh api "repos/$GITHUB_REPOSITORY/commits/$commit/pulls" --jq '.[0].head.sha // empty')
[ -n "$head" ] || { echo "no pull request for $commit" >&2; exit 0; }
# The reviewed signal for deleting workspaces travels with the merged pull request's labels.
if gh api "repos/$GITHUB_REPOSITORY/commits/$commit/pulls" --jq '.[0].labels[].name' | grep -qx allow-destroy; then
    echo "ALLOW_DESTROY=true" >> "${GITHUB_ENV:-/dev/null}"
fi
run=$(gh run list --workflow tenancy.yml --commit "$head" --event pull_request --status success --json databaseId --jq '.[0].databaseId // empty')
[ -n "$run" ] || { echo "no successful plan run for $head" >&2; exit 0; }
gh run download "$run" --name "tenancy-plan-$head" || echo "the plan artifact of run $run is gone" >&2
