#!/usr/bin/env bash
# Starts Debian's vsftpd on loopback for the tempostar integration tests, once
# with explicit FTPS (AUTH TLS) and once with implicit FTPS, both serving the
# same test user, then prints the export lines the tests read:
#
#   eval "$(.ci/start-vsftpd.sh)"
#
# vsftpd keeps its default TLS settings, in particular require_ssl_reuse=YES:
# every TLS data connection must resume the control connection's TLS session,
# which is exactly the behaviour the tests exist to exercise. The certificate
# is self-signed and generated here at run time; the test user gets a fresh
# random password on every run. Everything except the export lines goes to
# stderr, and vsftpd runs detached so that $(...) returns.
#
# Needs root (useradd, /etc/pam.d) and the vsftpd and openssl packages.
# Environment (all optional): MALLKIT_VSFTPD_PORT (explicit FTPS, default
# 2121), MALLKIT_VSFTPD_IMPLICIT_PORT (default 2990),
# MALLKIT_VSFTPD_PASV_MIN / MALLKIT_VSFTPD_PASV_MAX (default 40000-40100; the
# implicit instance uses the 101 ports above them), MALLKIT_VSFTPD_USER (the
# local test user, default mallkitftp; give each concurrent run its own, since
# every run resets that user's password and home).
set -euo pipefail

port="${MALLKIT_VSFTPD_PORT:-2121}"
implicit_port="${MALLKIT_VSFTPD_IMPLICIT_PORT:-2990}"
pasv_min="${MALLKIT_VSFTPD_PASV_MIN:-40000}"
pasv_max="${MALLKIT_VSFTPD_PASV_MAX:-40100}"
user="${MALLKIT_VSFTPD_USER:-mallkitftp}"
state="$(mktemp -d /tmp/mallkit-vsftpd.XXXXXX)"
home="$state/home"
password="$(openssl rand -hex 16)"

log() { echo "start-vsftpd: $*" >&2; }

for cmd in vsftpd openssl useradd chpasswd setsid; do
  command -v "$cmd" >/dev/null 2>&1 || { log "missing $cmd"; exit 1; }
done

for p in "$port" "$implicit_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    log "port $p is already in use on 127.0.0.1"
    exit 1
  fi
done

# A local user whose home is the FTP area. Its shell is nologin, so the PAM
# service below leaves out pam_shells (which Debian's /etc/pam.d/vsftpd has).
mkdir -p "$home"
if id "$user" >/dev/null 2>&1; then
  usermod -d "$home" "$user" >&2
else
  useradd -M -d "$home" -s /usr/sbin/nologin "$user" >&2
fi
echo "$user:$password" | chpasswd
chown "$user:" "$home"
chmod 0755 "$state"

cat >/etc/pam.d/mallkit-vsftpd <<'PAM'
# PAM service for the mallkit CI vsftpd: password check only.
auth    required pam_unix.so
account required pam_unix.so
session required pam_permit.so
PAM

openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$state/key.pem" -out "$state/cert.pem" 2>/dev/null
chmod 0600 "$state/key.pem"

mkdir -p /var/run/vsftpd/empty

# write_conf NAME PORT PASV_MIN PASV_MAX EXTRA_LINE
# Only what the test setup needs is set; every ssl_* / TLS setting that is not
# listed keeps vsftpd's compiled-in default (require_ssl_reuse=YES included).
write_conf() {
  cat >"$state/$1.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$2
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
pam_service_name=mallkit-vsftpd
secure_chroot_dir=/var/run/vsftpd/empty
seccomp_sandbox=NO
isolate_network=NO
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$3
pasv_max_port=$4
ssl_enable=YES
rsa_cert_file=$state/cert.pem
rsa_private_key_file=$state/key.pem
force_local_logins_ssl=YES
force_local_data_ssl=YES
xferlog_enable=YES
vsftpd_log_file=$state/$1.log
log_ftp_protocol=YES
$5
CONF
}

# start NAME PORT PROBE: starts one instance detached and waits until PROBE
# (a shell command) prints the "220" greeting.
start() {
  setsid vsftpd "$state/$1.conf" </dev/null >"$state/$1.stdout" 2>&1 &
  local pid=$!
  echo "$pid" >"$state/$1.pid"
  for _ in $(seq 1 100); do
    # The probe's exit status is ignored: openssl s_client keeps waiting
    # after the greeting until timeout stops it.
    banner=$(timeout 2 bash -c "$3" 2>/dev/null || true)
    if [ "${banner:0:3}" = "220" ]; then
      log "vsftpd $1 (pid $pid) answers on 127.0.0.1:$2; state in $state"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "vsftpd $1 exited:"
      cat "$state/$1.stdout" >&2
      return 1
    fi
    sleep 0.1
  done
  log "vsftpd $1 did not answer on 127.0.0.1:$2"
  return 1
}

write_conf explicit "$port" "$pasv_min" "$pasv_max" ""
write_conf implicit "$implicit_port" "$((pasv_max + 1))" "$((pasv_max + 101))" "implicit_ssl=YES"

start explicit "$port" "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 3 <&3"
start implicit "$implicit_port" \
  "openssl s_client -quiet -connect 127.0.0.1:$implicit_port </dev/null 2>/dev/null | head -c 3"

echo "export MALLKIT_VSFTPD_ADDR=127.0.0.1:$port"
echo "export MALLKIT_VSFTPD_IMPLICIT_ADDR=127.0.0.1:$implicit_port"
echo "export MALLKIT_VSFTPD_USER=$user"
echo "export MALLKIT_VSFTPD_PASSWORD=$password"
echo "export MALLKIT_VSFTPD_CERT=$state/cert.pem"
