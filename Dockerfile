# Mutua: multi-stage image. Build with `docker build -t mutua .` (or `docker compose build`).

# ---- build stage ----------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# The poms first, so the dependency download is a cached layer that only changes when a pom changes.
COPY pom.xml ./
COPY config/pom.xml config/
COPY federation/pom.xml federation/
COPY web/pom.xml web/
COPY server/pom.xml server/
RUN mvn -B -q dependency:go-offline

COPY . .
RUN mvn -B -DskipTests package \
 && cp server/target/mutua.jar /mutua.jar

# ---- runtime stage --------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# HEALTHCHECK needs an HTTP client and the Ubuntu-based temurin JRE image ships neither curl nor wget. We install
# curl (a small package, no recommends, apt lists removed) rather than use bash's /dev/tcp or a second JVM: curl -f
# checks the HTTP status properly, honours a timeout, costs no JVM start-up per check, and is handy for debugging.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# Non-root user with a fixed uid/gid, so volume ownership is predictable across rebuilds and hosts.
# (The embedded PostgreSQL, used when DATABASE_URL is empty, refuses to run as root anyway.)
RUN groupadd --system --gid 10001 mutua \
 && useradd --system --uid 10001 --gid mutua --home-dir /var/lib/mutua --no-create-home --shell /usr/sbin/nologin mutua \
 && mkdir -p /app /var/lib/mutua/secrets \
 && chown -R mutua:mutua /var/lib/mutua \
 && chmod 700 /var/lib/mutua/secrets

COPY --from=build /mutua.jar /app/mutua.jar

ENV MUTUA_HTTP_HOST=0.0.0.0 \
    MUTUA_DATA_DIR=/var/lib/mutua \
    MUTUA_SECRETS_DIR=/var/lib/mutua/secrets

# Data (embedded PostgreSQL in pgdata/ when DATABASE_URL is empty) and secret key material (secrets/).
VOLUME ["/var/lib/mutua"]
WORKDIR /var/lib/mutua
USER mutua:mutua
EXPOSE 8080

# Liveness: the process answers HTTP. /health/ready (database reachable) is for monitoring, not for restarting.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS --max-time 4 -o /dev/null "http://127.0.0.1:${MUTUA_HTTP_PORT:-8080}/health" || exit 1

# JVM flags are on the ENTRYPOINT (not JAVA_TOOL_OPTIONS) so that `docker compose exec mutua java -jar /app/mutua.jar
# admin ...` starts its own small JVM next to the server. The same flags as README's run command, sized for a small VPS
# and measured in docs/benchmarks.md: a fixed 80 MB heap (the live set after a 7,000-activity burst is ~40 MB, plus
# 19 MiB while a password is hashed, one at a time), the C1 compiler only (on 1-2 cores C2's compiling cost more CPU
# than its code saved: faster ingest and fan-out, and 50-60 MB less memory), SerialGC (one collector thread, least
# memory on 1-2 cores), bounded metaspace and stacks, exit on OOM so the supervisor restarts a node that ran out
# instead of leaving it half-alive.
# Exec form: java is PID 1 and receives SIGTERM directly, so the node shuts down cleanly on `docker stop`.
ENTRYPOINT ["java", "-Xmx80m", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:MaxMetaspaceSize=128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/mutua.jar"]
CMD ["serve"]
