#!/usr/bin/env bash
# The security figures of docs/security.md: builds the bot and bench/SecurityProbe (Release), then runs the probe
# against the bot started in Production on a free loopback port with throw-away data directories. Bounded: a fixed
# number of requests, a fixed load time, a fixed number of restarts, and a hard 15-minute stop.
# Options pass through: --hostile N (10000), --customers N (200), --seconds S (60), --restarts K (10).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release -nologo -clp:ErrorsOnly bench/SecurityProbe/SecurityProbe.csproj
exec timeout -k 30s 15m dotnet bench/SecurityProbe/bin/Release/net10.0/SecurityProbe.dll "$@"
