# Every target is something a person types. See README.md.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
RESULTS := artifacts/test-results
URLS ?= https://127.0.0.1:8443
IMAGE_REPO ?= ghcr.io/bifrost-io
# The one version: MinVer's, from the nearest vX.Y.Z git tag (README, "Versions and releases"), worked out once
# when first used. `make image VERSION=x.y.z` names another.
VERSION = $(eval VERSION := $$(shell $(DOTNET) msbuild src/Bifrost.Core -restore -t:MinVer -getProperty:MinVerVersion -nologo -v:quiet | tail -n 1))$(VERSION)
IMAGE_TAG ?= $(VERSION)

.PHONY: build pack test test-pods run certs image publish deploy deploy-dev k3s-test bench relevancy fuzz format deps demo version set-version

deps:
	@tests/tools/install-deps.sh

build:
	$(DOTNET) build Bifrost.sln -c $(CONFIGURATION) --nologo -v quiet

# The CLI as a .NET tool package in artifacts/packages (no eBPF toolchain needed: see src/Bifrost.Tracing/Bpf/prebuilt).
# Install it with: dotnet tool install -g bifrost --source artifacts/packages
pack:
	$(DOTNET) pack src/Bifrost.Cli -c $(CONFIGURATION) -o artifacts/packages --nologo -v quiet

certs:
	@certs/generate.sh

# The one test command: installs what the tests need, builds, checks the image's publish step,
# runs every test project and prints one total line.
test: deps certs
	$(DOTNET) build Bifrost.sln -c $(CONFIGURATION) --nologo -v quiet
	$(MAKE) --no-print-directory publish
	@CONFIGURATION=$(CONFIGURATION) RESULTS=$(RESULTS) tests/tools/run-tests.sh

# Real pods on runc and crun in the kernel VM, the published tracer as their sidecar (needs `make publish`).
test-pods: certs
	@tests/pods/run.sh

run: certs
	$(DOTNET) run --project src/Bifrost.Webhook -c $(CONFIGURATION) -- --urls $(URLS)

# The same publish the Dockerfile runs; no container engine is needed to check it.
publish:
	$(DOTNET) publish src/Bifrost.Webhook -c $(CONFIGURATION) -o artifacts/publish/webhook --nologo -v quiet
	$(DOTNET) publish src/Bifrost.Tracer -c $(CONFIGURATION) -o artifacts/publish/tracer --nologo -v quiet
	$(DOTNET) publish src/Bifrost.Agent -c $(CONFIGURATION) -o artifacts/publish/agent --nologo -v quiet

# The images carry the version twice: in their tag and in every assembly (git is not in the build context).
image:
	@[ -n "$(VERSION)" ] || { echo 'make image: MinVer gave no version (see make version); name one with VERSION=x.y.z' >&2; exit 1; }
	docker build --target webhook --build-arg VERSION=$(VERSION) -t $(IMAGE_REPO)/bifrost-webhook:$(IMAGE_TAG) .
	docker build --target tracer --build-arg VERSION=$(VERSION) -t $(IMAGE_REPO)/bifrost-tracer:$(IMAGE_TAG) .
	docker build --target agent --build-arg VERSION=$(VERSION) -t $(IMAGE_REPO)/bifrost-agent:$(IMAGE_TAG) .

version:
	@echo $(VERSION)

# Names a release in the manifests' image tags and raises MinVer's floor to its major.minor, so a clone without
# tags still builds a version of that line. Then commit, and tag the commit vVERSION.
set-version:
	@v='$(VERSION)'; [[ "$(origin VERSION)" == "command line" && $$v =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$$ ]] \
	  || { echo 'usage: make set-version VERSION=x.y.z' >&2; exit 2; }; \
	sed -i -E "s/^(  newTag: ).*/\1$$v/" manifests/base/kustomization.yaml; \
	mm=$${v%%-*}; sed -i -E "s|(<MinVerMinimumMajorMinor>)[^<]*|\1$${mm%.*}|" Directory.Build.props; \
	echo "manifests/base/kustomization.yaml and Directory.Build.props name $$v; commit, then: git tag -a v$$v -m v$$v"

# The base needs a serving certificate: use the cert-manager overlay, or deploy-dev with certs/ for a test cluster.
deploy:
	kubectl apply -k manifests/

deploy-dev: certs
	manifests/overlays/dev/certs.sh && kubectl apply -k manifests/overlays/dev

k3s-test:
	$(DOTNET) test tests/Bifrost.K3s.Tests -c $(CONFIGURATION) --nologo

bench: certs
	@tests/tools/install-deps.sh bench
	@bench/run.sh

# CVE relevancy on real data as one table: servers learned inside Debian 12 roots, and kubevuln's fixtures (root).
relevancy:
	@bench/relevancy/run.sh

# afl-fuzz over each parser (tests/fuzz): FUZZ_SECONDS per target (`make test` runs 15 s each); FUZZ_TARGET=report picks one.
FUZZ_SECONDS ?= 600
FUZZ_TARGET ?= all
fuzz:
	@CONFIGURATION=$(CONFIGURATION) tests/fuzz/run.sh $(FUZZ_TARGET) $(FUZZ_SECONDS)

# The whole learning loop on one machine, no cluster (root): webhook, bifrost learn, Learning -> Enforcing.
demo: deps
	@CONFIGURATION=$(CONFIGURATION) demo/run.sh

format:
	$(DOTNET) format Bifrost.sln
