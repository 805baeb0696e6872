# syntax=docker/dockerfile:1
# The base image is pinned by digest so a rebuild gets the same system; to update it, run
# `docker buildx imagetools inspect python:3.11-slim-bookworm` and replace the digest.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm@sha256:2e32f7d302adc1c37428355c1e646897c0c53f4fd60b6a551245fb90ee129f91

# Build stage: a wheel and its dependencies, nothing else.
FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# Runtime stage: non-root, bubblewrap for the sandbox, tini as pid 1, content under /app/config.
FROM ${PYTHON_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap tini libseccomp2 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin mca
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
# The jail's read-only package set (the sandbox setting `packages`), compiled to bytecode here:
# the interpreter in the jail cannot write .pyc files, and would compile on every import.
RUN pkgs="$(python -c 'from bot.sandbox.settings import SandboxSettings as S; print(" ".join(S().packages))')" \
    && pip install --no-cache-dir --only-binary=:all: --target /opt/mca-sandbox/site-packages $pkgs \
    && python -m compileall -q -j 0 /opt/mca-sandbox/site-packages \
    && echo "$pkgs" > /opt/mca-sandbox/site-packages/.mca-packages \
    && chmod -R a+rX /opt/mca-sandbox
WORKDIR /app
COPY config ./config
# The intent guard's model is fitted from the config's corpus at build time (not kept in git).
RUN python -m bot.mentor.intent.refit /app/config
# The shipped TOML parsed once (bot/text/toml_files.py): each start reads this copy instead.
RUN python -m bot.text.toml_files /app/config
RUN mkdir -p /data && chown mca:mca /data
# The HTTP server (/healthz, /metrics, /slack/events) listens on every interface of the
# container; publish it with `-p 8080:8080` (and keep /metrics off the public internet).
ENV MCA_DATA_DIR=/data \
    MCA_CONFIG_DIR=/app/config \
    MCA_HTTP_HOST=0.0.0.0 \
    MCA_HTTP_PORT=8080 \
    MCA_SANDBOX_PYTHON=/usr/local/bin/python3.11 \
    PYTHONUNBUFFERED=1
USER mca
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["mca-bot", "healthcheck"]
# tini reaps orphans (sandbox helpers, bwrap) and forwards SIGTERM so the bot drains.
ENTRYPOINT ["/usr/bin/tini", "--", "mca-bot"]
CMD ["run"]
