#!/bin/sh
# presend.sh REPLY_FILE [CUSTOMER_MESSAGE_FILE]: check a reply before you send it.
#
# For any tool that can run a command before sending (a helpdesk macro runner,
# a CRM export, an editor's "send" key, a CI job over canned responses):
#   exit 0  send it (allowed, or warned and confirmed)
#   exit 1  do not send (blocked, or warned and not confirmed)
#   exit 2  replylint could not run
# On a terminal a warning asks "Send anyway? [y/N]"; without one (a script,
# REPLYLINT_NONINTERACTIVE=1) warnings are printed and the reply is allowed.
# With REPLYLINT_URL (e.g. http://127.0.0.1:8080) it asks a running
# `replylint serve` instead of linting locally (needs curl; REPLYLINT_TOKEN is
# sent as the bearer token). REPLYLINT (default: replylint) is the local command,
# REPLYLINT_PRESEND_OPTS extra options for it (e.g. --config FILE).

set -u
reply="${1:?usage: presend.sh REPLY_FILE [CUSTOMER_MESSAGE_FILE]}"
context="${2:-}"

if [ -n "${REPLYLINT_URL:-}" ]; then
  body=$(python3 -c 'import json,sys; r=open(sys.argv[1],encoding="utf-8").read(); c=open(sys.argv[2],encoding="utf-8").read() if sys.argv[2] else None; print(json.dumps({"text": r, "context": c}))' "$reply" "$context") || exit 2
  verdict=$(printf '%s' "$body" | curl -sS --fail-with-body -X POST "$REPLYLINT_URL/v1/presend" \
      -H "Content-Type: application/json" ${REPLYLINT_TOKEN:+-H "Authorization: Bearer $REPLYLINT_TOKEN"} --data-binary @-) \
    || { echo "presend.sh: the replylint service failed: $verdict" >&2; exit 2; }
  action=$(printf '%s' "$verdict" | python3 -c '
import json, sys
v = json.load(sys.stdin)
print(v["action"])
for f, a in zip(v["findings"], v["finding_actions"]):
    print("  [%s] %s:%s %s %s" % (a, f["line"], f["column"], f["code"], f["message"]), file=sys.stderr)')
  echo "replylint: $action" >&2
else
  out=$(${REPLYLINT:-replylint} presend ${REPLYLINT_PRESEND_OPTS:-} ${context:+--context "$context"} < "$reply")
  status=$?
  printf '%s\n' "$out" >&2
  case $status in
    0) action=$(printf '%s' "$out" | head -n 1 | cut -d: -f1 | tr 'A-Z' 'a-z') ;;
    1) action=block ;;
    *) exit 2 ;;
  esac
fi

case $action in
  allow) exit 0 ;;
  block) echo "presend.sh: blocked; do not send $reply as it is." >&2; exit 1 ;;
  warn)
    if [ -z "${REPLYLINT_NONINTERACTIVE:-}" ] && [ -t 0 ] && [ -r /dev/tty ]; then
      printf 'Send anyway? [y/N] ' >&2
      read -r answer < /dev/tty
      case $answer in [yY]*) exit 0 ;; *) exit 1 ;; esac
    fi
    exit 0 ;;
  *) exit 2 ;;
esac
