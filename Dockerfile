# The three Bifrost images, one target each (the webhook, the last stage, is the default); `make image` runs:
#   docker build --target webhook --build-arg VERSION=0.2.0 -t ghcr.io/bifrost-io/bifrost-webhook:0.2.0 .
#   docker build --target tracer  --build-arg VERSION=0.2.0 -t ghcr.io/bifrost-io/bifrost-tracer:0.2.0 .
#   docker build --target agent   --build-arg VERSION=0.2.0 -t ghcr.io/bifrost-io/bifrost-agent:0.2.0 .
# Each build stage runs the same publish as `make publish`; tests check the two stay in step.
# BuildKit builds only the stages a target needs: the webhook and the agent need neither clang nor kernel BTF.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS restore
WORKDIR /src
# Restore first, from the project files alone, so a source change does not re-download packages.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY src/Bifrost.Core/Bifrost.Core.csproj src/Bifrost.Core/
COPY src/Bifrost.Reporting/Bifrost.Reporting.csproj src/Bifrost.Reporting/
COPY src/Bifrost.Kubernetes/Bifrost.Kubernetes.csproj src/Bifrost.Kubernetes/
COPY src/Bifrost.Webhook/Bifrost.Webhook.csproj src/Bifrost.Webhook/
COPY src/Bifrost.Tracing/Bifrost.Tracing.csproj src/Bifrost.Tracing/
COPY src/Bifrost.Tracer/Bifrost.Tracer.csproj src/Bifrost.Tracer/
COPY src/Bifrost.Agent/Bifrost.Agent.csproj src/Bifrost.Agent/
RUN dotnet restore src/Bifrost.Webhook/Bifrost.Webhook.csproj
RUN dotnet restore src/Bifrost.Tracer/Bifrost.Tracer.csproj
RUN dotnet restore src/Bifrost.Agent/Bifrost.Agent.csproj
# The version every assembly carries. MinVer reads it from git tags, but .git is not in the context: `make image`
# passes MinVer's version as VERSION, and MSBuild takes the environment's MinVerVersionOverride as that property.
# Without it the build warns and calls itself MinVer's floor, 0.1.0-alpha.0.
ARG VERSION
ENV MinVerVersionOverride=$VERSION
COPY src/Bifrost.Core/ src/Bifrost.Core/
COPY src/Bifrost.Reporting/ src/Bifrost.Reporting/
COPY src/Bifrost.Kubernetes/ src/Bifrost.Kubernetes/

FROM restore AS build-webhook
COPY src/Bifrost.Webhook/ src/Bifrost.Webhook/
RUN dotnet publish src/Bifrost.Webhook -c Release -o /app --no-restore --nologo

FROM restore AS build-agent
COPY src/Bifrost.Agent/ src/Bifrost.Agent/
RUN dotnet publish src/Bifrost.Agent -c Release -o /app --no-restore --nologo

# The eBPF program includes vmlinux.h, the kernel's types dumped from its BTF. The .NET images are Ubuntu, whose
# bpftool is a wrapper that looks for tools of the running kernel's version and fails in a container; Debian's is
# the real tool. CO-RE relocations make the object portable, so the build machine's BTF serves every node.
FROM debian:bookworm-slim AS vmlinux
RUN apt-get update \
 && apt-get install -y --no-install-recommends bpftool \
 && rm -rf /var/lib/apt/lists/* \
 && bpftool btf dump file /sys/kernel/btf/vmlinux format c > /vmlinux.h

FROM restore AS build-tracer
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang llvm libbpf-dev \
 && rm -rf /var/lib/apt/lists/*
COPY src/Bifrost.Tracing/ src/Bifrost.Tracing/
COPY src/Bifrost.Tracer/ src/Bifrost.Tracer/
# Where the tracing project looks for vmlinux.h before it would run bpftool itself.
COPY --from=vmlinux /vmlinux.h src/Bifrost.Tracing/obj/bpf/vmlinux.h
RUN dotnet publish src/Bifrost.Tracer -c Release -o /app --no-restore --nologo

# The node agent: privileged and root by the DaemonSet's choice; apparmor_parser loads the profiles.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS agent
ARG VERSION
LABEL org.opencontainers.image.version=$VERSION
RUN apt-get update \
 && apt-get install -y --no-install-recommends apparmor \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build-agent /app ./
# The agent binds its own port (Bifrost__Agent__HealthPort); the base image's default HTTP port would only warn.
ENV ASPNETCORE_HTTP_PORTS= \
    DOTNET_NOLOGO=1 \
    Bifrost__Agent__HealthPort=9810
EXPOSE 9810
USER 0:0
ENTRYPOINT ["dotnet", "Bifrost.Agent.dll"]

# The tracer sidecar: the webhook injects it privileged and as root, with no command, so the image runs the sidecar.
# The startup probe runs `test -e /run/bifrost/ready`, which the base image's coreutils provide.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS tracer
ARG VERSION
LABEL org.opencontainers.image.version=$VERSION
RUN apt-get update \
 && apt-get install -y --no-install-recommends libbpf1 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build-tracer /app ./
ENV DOTNET_NOLOGO=1
USER 0:0
ENTRYPOINT ["dotnet", "Bifrost.Tracer.dll"]
CMD ["run"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS webhook
ARG VERSION
LABEL org.opencontainers.image.version=$VERSION
WORKDIR /app
COPY --from=build-webhook /app ./
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
