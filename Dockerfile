# The worker image (`docker compose up` builds it; see docker-compose.yml). The same image serves the console:
# `docker run … profileunifier serve --urls http://0.0.0.0:5080` (with Server:ApiKeys set).
# SDK pinned to global.json's 10.0.401; the runtime to the 10.0.12 that SDK ships (BundledNETCoreAppPackageVersion).
FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src

# Restore from the project files alone, in a layer of its own: editing a source file does not download packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ProfileUnifier/ProfileUnifier.csproj src/ProfileUnifier/
COPY src/ProfileUnifier.Analytics/ProfileUnifier.Analytics.csproj src/ProfileUnifier.Analytics/
COPY src/ProfileUnifier.Core/ProfileUnifier.Core.csproj src/ProfileUnifier.Core/
COPY src/ProfileUnifier.Ingestion/ProfileUnifier.Ingestion.csproj src/ProfileUnifier.Ingestion/
COPY src/ProfileUnifier.Lake/ProfileUnifier.Lake.csproj src/ProfileUnifier.Lake/
COPY src/ProfileUnifier.Observability/ProfileUnifier.Observability.csproj src/ProfileUnifier.Observability/
COPY src/ProfileUnifier.Query/ProfileUnifier.Query.csproj src/ProfileUnifier.Query/
COPY src/ProfileUnifier.Reporting/ProfileUnifier.Reporting.csproj src/ProfileUnifier.Reporting/
COPY src/ProfileUnifier.Server/ProfileUnifier.Server.csproj src/ProfileUnifier.Server/
COPY src/ProfileUnifier.Synthetic/ProfileUnifier.Synthetic.csproj src/ProfileUnifier.Synthetic/
RUN dotnet restore src/ProfileUnifier/ProfileUnifier.csproj -r linux-x64

COPY config/ config/
COPY src/ src/
RUN dotnet publish src/ProfileUnifier/ProfileUnifier.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app

# ASP.NET Core runtime: `run` answers /healthz, /readyz, /metrics and `serve` is a web host.
FROM mcr.microsoft.com/dotnet/aspnet:10.0.12 AS runtime
WORKDIR /app
COPY --from=build /app .
# The lake belongs to the image's unprivileged user (uid 1654, "app"), created before the volume is mounted.
RUN mkdir -p /lake && chown app:app /lake
USER app
VOLUME ["/lake"]
ENV PROFILEUNIFIER_Lake__Root=/lake \
    PROFILEUNIFIER_Health__Urls=http://0.0.0.0:9464
EXPOSE 9464
# `run` exits non-zero when Kafka stays unreachable (Kafka:UnreachableTimeout), so a restart policy acts on it;
# docker-compose.yml's healthcheck asks /healthz (the image has bash, not curl).
ENTRYPOINT ["dotnet", "profileunifier.dll"]
CMD ["run"]
