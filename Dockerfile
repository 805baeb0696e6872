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
    && apt-get install -y --no-install-recommends bubblewrap \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin mca
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/* && rm -rf /wheels
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
