#!/bin/sh
# Downloads the saved plan of the merge request merged as this commit: the `plan` job's artifact
# of its last pipeline. Without one, apply.sh plans again for review.
set -eu
auth="PRIVATE-TOKEN: $GITLAB_API_TOKEN"
mr=$(curl -fsS -H "$auth" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/repository/commits/$CI_COMMIT_SHA/merge_requests" | jq -r '.[0].iid // empty')
[ -n "$mr" ] || { echo "no merge request for $CI_COMMIT_SHA" >&2; exit 0; }
# The reviewed signal for deleting workspaces travels with the merge request's labels.
curl -fsS -H "$auth" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$mr" | jq -e '.labels | index("allow-destroy")' > /dev/null \
    && echo "ALLOW_DESTROY=true" > reviewed.env || true
pipeline=$(curl -fsS -H "$auth" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$mr/pipelines" | jq -r '.[0].id // empty')
job=$(curl -fsS -H "$auth" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/pipelines/$pipeline/jobs?scope=success" | jq -r '.[] | select(.name == "plan") | .id' | head -n 1)
[ -n "$job" ] || { echo "no successful plan job for !$mr" >&2; exit 0; }
curl -fsS -H "$auth" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/jobs/$job/artifacts/tenancy.plan" -o tenancy.plan || rm -f tenancy.plan
