# Production image: the service only; MongoDB is external (MONGODB_URI), see docker-compose.yml.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY blocklist ./blocklist
COPY moderation_ui ./moderation_ui
RUN pip install --no-cache-dir --upgrade pip wheel \
 && pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 blocklist
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER blocklist
WORKDIR /home/blocklist
ENV BLOCKLIST_HOST=0.0.0.0 \
    BLOCKLIST_PORT=8080 \
    BLOCKLIST_DATA_DIR=/home/blocklist/data \
    PYTHONUNBUFFERED=1
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2).status == 200 else 1)"
CMD ["blocklist", "serve", "--workers", "2"]
