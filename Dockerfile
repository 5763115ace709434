# syntax=docker/dockerfile:1
# The gateway as a container image: the Maven build in a JDK stage, then the shaded jar alone on a slim JRE, run as
# an unprivileged user with its data (embedded PostgreSQL, generated secrets) on a volume.
#   docker build -t wa-gateway .
#   docker run -d -p 7001:7001 -v wa-data:/app/data -e ADMIN_SECRET_KEY=... -e JWT_SECRET_KEY=... wa-gateway
# The embedded PostgreSQL (used when WHATSAPP_DATASTORE_URI is not set) ships x86-64 binaries only: on arm64 set
# WHATSAPP_DATASTORE_URI to a PostgreSQL server (docker-compose.yml does).

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# the module POMs first, so the dependency layer is cached while only sources change
COPY pom.xml .
COPY wa-protocol/pom.xml wa-protocol/
COPY wa-core/pom.xml wa-core/
COPY wa-persistence-postgres/pom.xml wa-persistence-postgres/
COPY wa-webhooks/pom.xml wa-webhooks/
COPY wa-http-javalin/pom.xml wa-http-javalin/
COPY wa-sandbox/pom.xml wa-sandbox/
COPY wa-app/pom.xml wa-app/
RUN mvn -B -ntp -q dependency:go-offline -DexcludeGroupIds=dev.wagateway || true
COPY . .
RUN mvn -B -ntp -q -DskipTests package && cp wa-app/target/wa-app.jar /wa-app.jar

FROM eclipse-temurin:21-jre
RUN groupadd --system gateway && useradd --system --gid gateway --home-dir /app gateway \
    && mkdir -p /app/data && chown -R gateway:gateway /app
WORKDIR /app
COPY --from=build /wa-app.jar /app/wa-app.jar
USER gateway
ENV WHATSAPP_DATA_DIR=/app/data SERVER_ADDRESS=0.0.0.0 SERVER_PORT=7001
VOLUME ["/app/data"]
EXPOSE 7001
# GET / is the unauthenticated health answer (api.md row 83)
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/7001 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/wa-app.jar"]
