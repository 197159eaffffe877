#!/bin/bash
# Stands in for /usr/local/bin/start.sh of jupyter/docker-stacks' docker-stacks-foundation image
# (its ENTRYPOINT is `tini -g -- start.sh`; tini, which only reaps zombies, is left out) in
# Jupyter's contract test. It does what the image's script does for a container that starts as a
# non-root user, the only case the render makes (runAsUser 1000, runAsNonRoot):
#
# - the command is the arguments (bash when there are none); when _START_SH_EXECUTED=1 says the
#   script already ran, it execs the command at once, and otherwise sets it;
# - runs the hooks of /usr/local/bin/start-notebook.d (empty in the image);
# - when the uid has no passwd entry, adds one for NB_USER if /etc/passwd is writable (the image
#   makes it group-writable for root's group), else warns;
# - warns when NB_USER, NB_UID or NB_GID ask for a change that needs root, and when /home/jovyan
#   is not writable;
# - runs the hooks of /usr/local/bin/before-notebook.d: in the image one, conda's shell hook
#   (10activate-conda-env.sh), which activates /opt/conda, already first on PATH: not modelled;
# - unsets the variables JUPYTER_ENV_VARS_TO_UNSET names, and execs the command.
#
# The root branch (NB_USER refits, CHOWN_HOME, GRANT_SUDO, sudo to NB_USER) is not modelled: a
# container the render starts never takes it.
set -e
say() { if [[ "$*" == ERROR:* || "$*" == WARNING:* || -z "${JUPYTER_DOCKER_STACKS_QUIET}" ]]; then echo "$@" >&2; fi; }
say "Entered start.sh with args:" "$@"
if [ $# -eq 0 ]; then cmd=(bash); else cmd=("$@"); fi
if [ "${_START_SH_EXECUTED}" = 1 ]; then
  say "WARNING: start.sh is the default ENTRYPOINT, do not include it in CMD"
  exec "${cmd[@]}"
fi
export _START_SH_EXECUTED=1

hooks() {
  [ -d "$1" ] || return 0
  say "Running hooks in: $1 as uid: $(id -u) gid: $(id -g)"
  for f in "$1"/*; do
    [ -e "$f" ] || continue
    # shellcheck disable=SC1090
    case "$f" in *.sh) source "$f" || say "ERROR: $f has failed, continuing execution" ;; *) [ -x "$f" ] && { "$f" || say "ERROR: $f has failed, continuing execution"; } ;; esac
  done
}
hooks /usr/local/bin/start-notebook.d

if [ "$(id -u)" = 0 ]; then
  say "ERROR: start.sh stand-in: the root branch is not modelled (the render runs the container as 1000)"
  exit 1
fi
if ! whoami &>/dev/null; then
  say "There is no entry in /etc/passwd for our UID=$(id -u). Attempting to fix..."
  if [[ -w /etc/passwd ]]; then
    { sed -e 's/^jovyan:/nayvoj:/' /etc/passwd; echo "${NB_USER}:x:$(id -u):$(id -g):,,,:/home/jovyan:/bin/bash"; } >/tmp/passwd.new
    cat /tmp/passwd.new >/etc/passwd && rm /tmp/passwd.new
  else
    say "WARNING: unable to fix missing /etc/passwd entry because we don't have write permission."
  fi
fi
if [[ "${NB_USER}" != jovyan && "${NB_USER}" != "$(id -un)" ]]; then say "WARNING: container must be started as root to change the desired user's name with NB_USER=\"${NB_USER}\"!"; fi
if [[ "${NB_UID}" != "$(id -u jovyan 2>/dev/null)" && "${NB_UID}" != "$(id -u)" ]]; then say "WARNING: container must be started as root to change the desired user's id with NB_UID=\"${NB_UID}\"!"; fi
if [[ "${NB_GID}" != "$(id -g jovyan 2>/dev/null)" && "${NB_GID}" != "$(id -g)" ]]; then say "WARNING: container must be started as root to change the desired user's group id with NB_GID=\"${NB_GID}\"!"; fi
if [[ ! -w /home/jovyan ]]; then say "WARNING: no write access to /home/jovyan."; fi
hooks /usr/local/bin/before-notebook.d
if [ -n "${JUPYTER_ENV_VARS_TO_UNSET}" ]; then
  for v in ${JUPYTER_ENV_VARS_TO_UNSET//,/ }; do unset "$v"; done
  unset JUPYTER_ENV_VARS_TO_UNSET
fi
say "Executing the command:" "${cmd[@]}"
exec "${cmd[@]}"
