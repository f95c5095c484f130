# Sourced by .ci/run: starts a private PostgreSQL cluster on 127.0.0.1:55432 and exports COMPLAINTBOT_TEST_POSTGRES.
# Each store test makes its own schema in it, so one cluster serves parallel and repeated test runs.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pgport=55432
if [ -n "$pgbin" ]; then
  if "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$pgport"; then
    echo "postgres.sh: reusing the PostgreSQL server already on 127.0.0.1:$pgport"
  else
    pgdata=$(mktemp -d /tmp/complaintbot-pg.XXXXXX)
    # initdb refuses to run as root: as root (CI) run the server as the postgres user.
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres "$pgdata"
      pgas() { runuser -u postgres -- "$@"; }
    else
      pgas() { "$@"; }
    fi
    pgas "$pgbin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
    if ! pgas "$pgbin/pg_ctl" -D "$pgdata" -o "-p $pgport -k /tmp -c listen_addresses=127.0.0.1" -l "$pgdata/log" -w start >/dev/null; then
      echo "postgres.sh: PostgreSQL did not start:"; cat "$pgdata/log"
    fi
    unset -f pgas
  fi
  export COMPLAINTBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres"
else
  echo "postgres.sh: no PostgreSQL installed (apt-get install postgresql); PostgreSQL tests will fail under CI"
fi
# A cluster started here is stopped again by stop_ci_postgres (called by .ci/run on exit).
stop_ci_postgres() {
  if [ -n "${pgdata:-}" ] && [ -n "${pgbin:-}" ]; then
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1
    else "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1; fi
    rm -rf "$pgdata"
  fi
}
