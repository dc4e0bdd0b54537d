#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for `fusesim sweep slurm` (docs/sweeps.md):
# munged, slurmctld and slurmd on localhost, from Debian's munge and slurm-wlm packages, with the
# node's real CPU count. Everything (configuration, munge key and socket, state, spool, logs, PID
# files) lives in one scratch folder; nothing under /etc or /run is touched.
#
#   scripts/slurm-local.sh start [DIR]   start what is not running (idempotent); prints the
#                                        `export SLURM_CONF=...` line the clients need
#   scripts/slurm-local.sh stop [DIR]    stop the daemons by the PIDs in their PID files
#   scripts/slurm-local.sh status [DIR]  which daemons run; sinfo
#   scripts/slurm-local.sh env [DIR]     the export line only
# DIR defaults to $FUSESIM_SLURM_DIR or /tmp/fusesim-slurm. Ports: $FUSESIM_SLURM_PORT (slurmctld)
# and the next one (slurmd), default 16817. Runs as root (slurmd starts jobs as their user).
# Facts behind the settings: /work/shared/notes/slurm-single-node.md (no cgroups: proctrack/
# linuxproc, task/none; no cgroup.conf).
set -euo pipefail

cmd=${1:-}
DIR=$(realpath -m "${2:-${FUSESIM_SLURM_DIR:-/tmp/fusesim-slurm}}")
PORT=${FUSESIM_SLURM_PORT:-16817}
CONF=$DIR/slurm.conf
HOST=$(hostname -s)

die() { echo "slurm-local: $*" >&2; exit 2; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_conf() {
  local cpus mem
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.8}' /proc/meminfo)
  cat >"$CONF.tmp" <<EOF
# Written by scripts/slurm-local.sh: a one-node cluster in $DIR.
ClusterName=fusesim
SlurmctldHost=$HOST
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName=$HOST CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start() {
  [ "$(id -u)" -eq 0 ] || die "run as root (slurmd starts every job as its user)"
  for b in munged mungekey slurmctld slurmd sinfo; do
    command -v "$b" >/dev/null || die "$b not found: install munge and slurm-wlm (scripts/setup.sh)"
  done
  mkdir -p "$DIR"/{munge,state,spool,log}
  chmod 700 "$DIR/munge"
  [ -f "$CONF" ] || write_conf
  if ! alive "$DIR/munged.pid"; then
    [ -f "$DIR/munge/munge.key" ] || mungekey --create --keyfile="$DIR/munge/munge.key"
    chmod 600 "$DIR/munge/munge.key"
    munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket" \
      --pid-file="$DIR/munged.pid" --log-file="$DIR/log/munged.log" \
      --seed-file="$DIR/munge/munged.seed"
  fi
  for _ in $(seq 50); do [ -S "$DIR/munge/munge.socket" ] && break; sleep 0.1; done
  export SLURM_CONF=$CONF
  if ! alive "$DIR/slurmctld.pid"; then
    slurmctld -f "$CONF"
  fi
  if ! alive "$DIR/slurmd.pid"; then
    slurmd -f "$CONF"
  fi
  local state=""
  for _ in $(seq 60); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)
    case "$state" in idle|mixed|allocated) break ;; esac
    sleep 0.5
  done
  case "$state" in
    idle|mixed|allocated) ;;
    *) die "the node did not come up (state '$state'); logs in $DIR/log" ;;
  esac
  echo "slurm-local: $HOST up with $(nproc) CPUs (partition local) in $DIR" >&2
  echo "export SLURM_CONF=$CONF"
}

stop() {
  local pids=() f
  for f in slurmd slurmctld munged; do
    if alive "$DIR/$f.pid"; then
      pids+=("$(cat "$DIR/$f.pid")")
      kill "$(cat "$DIR/$f.pid")"
    fi
  done
  for p in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -9 "$p"
  done
  rm -f "$DIR"/{slurmd,slurmctld,munged}.pid
  echo "slurm-local: stopped (${#pids[@]} daemons) in $DIR" >&2
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  status)
    for f in munged slurmctld slurmd; do
      if alive "$DIR/$f.pid"; then echo "$f running (pid $(cat "$DIR/$f.pid"))"; else echo "$f stopped"; fi
    done
    SLURM_CONF=$CONF sinfo 2>/dev/null || true ;;
  *) die "usage: $0 start|stop|status|env [DIR]" ;;
esac
