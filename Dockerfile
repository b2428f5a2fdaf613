# seedgrid image: the CLI distribution (grid node, coordinator, every command) on a JRE.
# Build: docker build -t seedgrid .   Run: docker run --rm seedgrid evolve --plain
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# Dependencies first, so a source change does not download them again: the same build on the poms alone fetches
# every plugin and dependency it needs (dependency:go-offline cannot: it asks for optional artifacts that Maven
# Central does not have), and the real build then runs offline.
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY seeds/pom.xml seeds/
COPY evolution/pom.xml evolution/
COPY storage/pom.xml storage/
COPY runs/pom.xml runs/
COPY alerts/pom.xml alerts/
COPY grid-node/pom.xml grid-node/
COPY validation/pom.xml validation/
COPY strategies/pom.xml strategies/
COPY service/pom.xml service/
COPY cli/pom.xml cli/
RUN mvn -B -q -ntp -DskipTests -pl cli -am package
COPY . .
RUN mvn -B -q -ntp -o -DskipTests -pl cli -am package

FROM eclipse-temurin:21-jre
RUN useradd --system --create-home --home-dir /home/seedgrid seedgrid \
    && mkdir -p /data && chown seedgrid /data
COPY --from=build /src/cli/target/seedgrid-cli.jar /opt/seedgrid/
COPY --from=build /src/cli/target/lib/ /opt/seedgrid/lib/
COPY --from=build /src/cli/target/jvm.flags /opt/seedgrid/
COPY scripts/docker-entrypoint.sh /opt/seedgrid/seedgrid
RUN chmod 755 /opt/seedgrid/seedgrid
USER seedgrid
ENV SEEDGRID_HOME=/data
WORKDIR /data
VOLUME /data
# Grid ports (discovery, communication). Nothing is published unless you ask; see docker-compose.yml.
EXPOSE 47500-47509 47100-47199
ENTRYPOINT ["/opt/seedgrid/seedgrid"]
CMD ["--help"]
