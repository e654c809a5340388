#!/bin/sh
# A pull request's plan, as the recipes run it: read-only (--lock=false) and without production
# secrets (--secrets=unavailable-ok: apply reads them and refuses if one differs), saved for the merge
# (tenancy.plan), rendered as comment parts in comment/ (also when there are no changes or the
# plan fails: the comment then says so, with the diagnostics). Deleting a workspace needs the
# reviewed `allow-destroy` signal (ALLOW_DESTROY=true, from a label), never by default.
# Writes exitcode=N to $GITHUB_OUTPUT when set; exits 0 for "no changes" and "changes" (2), the
# plan's own code otherwise.
set -u
allow=""
[ "${ALLOW_DESTROY:-false}" = true ] && allow="--allow-destroy"
rm -rf comment
code=0
tenancy plan --lock=false --secrets=unavailable-ok --detailed-exitcode $allow --out tenancy.plan \
    --format markdown --comment-limit "${TENANCY_COMMENT_LIMIT:-github}" --split comment 2> plan-errors.txt || code=$?
cat plan-errors.txt >&2
if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then
    # The plan failed: one comment part that says so, with the diagnostics.
    mkdir -p comment
    {
        echo "<!-- tenancy-plan digest=none part=1/1 -->"
        echo "### Tenancy plan failed (exit $code)"
        echo
        echo "Nothing can be applied from this pull request until these are fixed:"
        echo
        echo '````text'
        head -c 60000 plan-errors.txt
        echo '````'
    } > comment/1.md
fi
[ -n "${GITHUB_OUTPUT:-}" ] && echo "exitcode=$code" >> "$GITHUB_OUTPUT"
case "$code" in 0|2) exit 0 ;; *) exit "$code" ;; esac
