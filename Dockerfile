# The Bifrost webhook image: `make image` (docker build -t ghcr.io/bifrost-io/bifrost-webhook:dev .).
# The build stage runs the same publish as `make publish`; tests check the two stay in step.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so a source change does not re-download packages.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Bifrost.Core/Bifrost.Core.csproj src/Bifrost.Core/
COPY src/Bifrost.Webhook/Bifrost.Webhook.csproj src/Bifrost.Webhook/
RUN dotnet restore src/Bifrost.Webhook/Bifrost.Webhook.csproj
COPY src/Bifrost.Core/ src/Bifrost.Core/
COPY src/Bifrost.Webhook/ src/Bifrost.Webhook/
RUN dotnet publish src/Bifrost.Webhook -c Release -o /app --no-restore --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# Serve HTTPS only; the certificate comes from the mounted Secret (Bifrost__Tls__CertFile/KeyFile).
ENV ASPNETCORE_URLS=https://+:8443 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_NOLOGO=1 \
    Bifrost__Tls__CertFile=/etc/bifrost/tls/tls.crt \
    Bifrost__Tls__KeyFile=/etc/bifrost/tls/tls.key
EXPOSE 8443
# A numeric non-root user, so Kubernetes can verify runAsNonRoot without reading /etc/passwd.
USER 65532:65532
ENTRYPOINT ["dotnet", "Bifrost.Webhook.dll"]
