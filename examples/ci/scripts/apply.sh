#!/bin/sh
# On merge: applies exactly the reviewed plan (tenancy.plan) when it is still fresh (the same
# state serial and lineage, the same configuration digest: `tenancy apply FILE` checks them all).
# A stale plan is never applied: a new plan is saved as tenancy-replan.plan for a person to
# review, `stale=true` goes to $GITHUB_OUTPUT (also when a secret the pull request's plan could
# not read is not what it showed: the new plan, made with the secrets, shows the change), and the job succeeds (the next job waits for an
# approval). Any other failure fails the job. A plan that deletes workspaces is applied only with
# the reviewed `allow-destroy` signal of the merged change (ALLOW_DESTROY=true).
set -u
allow=""
[ "${ALLOW_DESTROY:-false}" = true ] && allow="--allow-destroy"
if [ ! -f tenancy.plan ]; then
    echo "apply.sh: no reviewed plan for this commit: planning again for review" >&2
    code=10
else
    code=0
    tenancy apply --lock-timeout 5m $allow tenancy.plan 2> apply-errors.txt || code=$?
    cat apply-errors.txt >&2
    if [ "$code" -eq 0 ]; then
        tenancy audit verify
        exit $?
    fi
    # Stale, or a secret the plan could not read changed since: planned again, for review.
    grep -q -e '\[plan.stale\]' -e '\[plan.secret-changed\]' apply-errors.txt || exit "$code"
fi
tenancy plan --lock-timeout 5m $allow --out tenancy-replan.plan --format github || exit $?
[ -n "${GITHUB_OUTPUT:-}" ] && echo "stale=true" >> "$GITHUB_OUTPUT"
echo "apply.sh: the reviewed plan is stale; a new plan waits for approval (tenancy-replan.plan)" >&2
exit 0
