# Sourced by .ci/run: starts a private PostgreSQL cluster on 127.0.0.1:55432 and exports COMPLAINTBOT_TEST_POSTGRES.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$pgbin" ]; then
  pgdata=$(mktemp -d /tmp/complaintbot-pg.XXXXXX)
  chown postgres "$pgdata"
  su postgres -c "$pgbin/initdb -D $pgdata -A trust -U postgres" >/dev/null
  su postgres -c "$pgbin/pg_ctl -D $pgdata -o '-p 55432 -k /tmp -c listen_addresses=127.0.0.1' -l $pgdata/log -w start" >/dev/null
  export COMPLAINTBOT_TEST_POSTGRES="Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres"
fi
