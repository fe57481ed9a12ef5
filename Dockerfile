# syntax=docker/dockerfile:1
# Multi-stage build of the gateway: restore and publish with the SDK, run on the ASP.NET runtime as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# One runtime identifier, so the image carries the ONNX Runtime natives of its own platform only (all of them: ~300 MB).
ARG TARGETARCH=amd64
WORKDIR /src
# Restore first, from the project files only, so the layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Domain/Domain.csproj src/Domain/
COPY src/Application/Application.csproj src/Application/
COPY src/Infrastructure/Infrastructure.csproj src/Infrastructure/
COPY src/Api/Api.csproj src/Api/
RUN rid=linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64) && dotnet restore src/Api/Api.csproj -r "$rid"
COPY src/ src/
RUN rid=linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64) && \
    dotnet publish src/Api/Api.csproj -c Release -r "$rid" --self-contained false -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Inside a container the gateway must listen on all interfaces; Production refuses to start without JWT_SECRET.
# DOTNET_TC_CallCountingDelayMs=0: with one CPU (a common container limit) the runtime's tiering delay is 1 s and every
# newly compiled method restarts it, so a gateway saturated from the start kept running unoptimised tier-0 code —
# 3.7x the CPU per request (docs/performance.md, "Tiered compilation"). Not settable in runtimeconfig.json.
ENV ASPNETCORE_URLS=http://0.0.0.0:8000 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=0 \
    DOTNET_TC_CallCountingDelayMs=0
EXPOSE 8000
# The image's built-in unprivileged user (uid 1654).
USER $APP_UID
# The runtime image has no curl: the gateway checks itself (GET /health on its own port, exit 0 or 1).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["dotnet", "LlmGateway.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "LlmGateway.Api.dll"]
