# Stage 7's tiers (docs/decisions/0027 and 0031): the same build as every instance, each process
# told what to do by GRAMINSTA_ROLES. instance-i serves the REST API (api), worker-i runs the jobs
# (worker), streaming-i holds the WebSockets and event streams (streaming), behind the balancer's
# streaming upstream. Up to stage 6 every process has every role. Sourced by stack/stack.sh, which
# starts and stops them all as it does an instance (start_instance, stop_instance).

readonly STACK_WORKERS=1
readonly STACK_STREAMING=2

tier_components() {
  local i
  for ((i = 1; i <= STACK_WORKERS; i++)); do echo "worker-$i"; done
  for ((i = 1; i <= STACK_STREAMING; i++)); do echo "streaming-$i"; done
}

# True for a Graminsta process of any tier.
is_graminsta() {
  [[ $1 == instance-* || $1 == worker-* || $1 == streaming-* ]]
}

# A process's GRAMINSTA_ROLES; nothing (all four roles) below stage 7. The web app is the web
# component's nginx from stage 3 on, so no tier has the web role here.
roles_of() {
  ((STAGE >= 7)) || return 0
  case $1 in
    instance-*) echo api ;;
    worker-*) echo worker ;;
    streaming-*) echo streaming ;;
  esac
}

# The processes the balancer sends /api/v1/streaming to.
streaming_instances() {
  local i
  if ((STAGE >= 7)); then
    for ((i = 1; i <= STACK_STREAMING; i++)); do echo "streaming-$i"; done
  else
    for ((i = 1; i <= INSTANCES; i++)); do echo "instance-$i"; done
  fi
}

# Status fields: the management port (metrics) and the roles, as a JSON list.
graminsta_status_json() {
  local roles
  roles=$(roles_of "$1")
  roles=${roles:-api,worker,streaming,web}
  printf '"management_port": %s, "roles": ["%s"]' "$(management_port_of "$1")" "${roles//,/\", \"}"
}
