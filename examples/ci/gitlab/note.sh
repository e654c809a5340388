#!/bin/sh
# Posts the plan's comment parts in DIR as merge-request notes, updating in place those an
# earlier pipeline posted (found by the `<!-- tenancy-plan` marker) and deleting the surplus.
set -eu
dir=${1:?usage: note.sh DIR}
api="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
auth="PRIVATE-TOKEN: $GITLAB_API_TOKEN"
existing=$(curl -fsS -H "$auth" "$api?per_page=100&sort=asc&order_by=created_at" | jq -r '.[] | select(.body | startswith("<!-- tenancy-plan ")) | .id')
k=1
for id in $existing; do
    if [ -f "$dir/$k.md" ]; then
        curl -fsS -X PUT -H "$auth" --data-urlencode "body@$dir/$k.md" "$api/$id" > /dev/null
    else
        curl -fsS -X DELETE -H "$auth" "$api/$id" > /dev/null
    fi
    k=$((k + 1))
done
while [ -f "$dir/$k.md" ]; do
    curl -fsS -X POST -H "$auth" --data-urlencode "body@$dir/$k.md" "$api" > /dev/null
    k=$((k + 1))
done
