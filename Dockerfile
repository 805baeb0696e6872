# syntax=docker/dockerfile:1
# Build stage: a wheel and its dependencies, nothing else.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# Runtime stage: non-root, bubblewrap for the sandbox, content under /app/config.
FROM python:3.11-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap libseccomp2 \
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
RUN mkdir -p /data && chown mca:mca /data
ENV MCA_DATA_DIR=/data \
    MCA_CONFIG_DIR=/app/config \
    MCA_SANDBOX_PYTHON=/usr/local/bin/python3.11 \
    PYTHONUNBUFFERED=1
USER mca
VOLUME ["/data"]
EXPOSE 8080
CMD ["mca-bot", "run"]
