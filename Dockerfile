# The worker image: `docker compose up` builds it (see docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/ProfileUnifier/ProfileUnifier.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
VOLUME ["/lake"]
ENV PROFILEUNIFIER_Lake__Root=/lake
ENTRYPOINT ["dotnet", "profileunifier.dll"]
CMD ["run"]
