#!/bin/sh
# Posts the parts in DIR (1.md, 2.md, …) as a pull request's comments, updating in place the
# comments an earlier run posted (found by their hidden `<!-- tenancy-plan` marker) and deleting
# those a shorter plan no longer needs: one set of comments per pull request, whatever the number
# of pushes.
#
#   examples/ci/comment.sh DIR
#
# GitHub (gh api, GH_TOKEN, PR_NUMBER, GITHUB_REPOSITORY), or, with TENANCY_COMMENTS_DIR set, a
# folder standing in for the host: one file per comment, named by its id (for tests).
set -eu
dir=${1:?usage: comment.sh DIR}
[ -f "$dir/1.md" ] || { echo "comment.sh: no $dir/1.md" >&2; exit 1; }

list() {   # ids of our comments, oldest first
    if [ -n "${TENANCY_COMMENTS_DIR:-}" ]; then
        mkdir -p "$TENANCY_COMMENTS_DIR"
        for f in $(ls "$TENANCY_COMMENTS_DIR" | sort -n); do
            head -n 1 "$TENANCY_COMMENTS_DIR/$f" | grep -q '^<!-- tenancy-plan ' && echo "$f"
        done
    else
        gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" \
            --jq '.[] | select(.body | startswith("<!-- tenancy-plan ")) | .id'
    fi
}
create() {
    if [ -n "${TENANCY_COMMENTS_DIR:-}" ]; then
        n=$(( $(ls "$TENANCY_COMMENTS_DIR" | sort -n | tail -n 1 || echo 0) + 1 ))
        cp "$1" "$TENANCY_COMMENTS_DIR/$n"
    else
        gh api "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" -F "body=@$1" > /dev/null
    fi
}
update() {
    if [ -n "${TENANCY_COMMENTS_DIR:-}" ]; then cp "$2" "$TENANCY_COMMENTS_DIR/$1"
    else gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$1" -F "body=@$2" > /dev/null; fi
}
delete() {
    if [ -n "${TENANCY_COMMENTS_DIR:-}" ]; then rm -f "$TENANCY_COMMENTS_DIR/$1"
    else gh api -X DELETE "repos/$GITHUB_REPOSITORY/issues/comments/$1" > /dev/null; fi
}

existing=$(list)
k=1
for id in $existing; do
    if [ -f "$dir/$k.md" ]; then update "$id" "$dir/$k.md"; else delete "$id"; fi
    k=$((k + 1))
done
while [ -f "$dir/$k.md" ]; do
    create "$dir/$k.md"
    k=$((k + 1))
done
