FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# gettext: compilemessages builds the Chinese catalogue (.mo files are not committed).
# fonts-wqy-microhei: a CJK font for pdfium's page previews of Chinese documents (the generated
# letters use reportlab's STSong-Light, which is not embedded).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir -e .
COPY . .
# Static files live in the image (not in the /app/var volume, which would keep an old copy), with
# the manifest the runtime's storage reads. The production settings need a real secret key even to
# collect them: a throwaway one, never stored in the image.
ENV STATIC_ROOT=/app/static-collected \
    STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    sh -c 'python manage.py collectstatic --noinput && python manage.py compilemessages -l zh_Hans'
RUN useradd --create-home ipp && mkdir -p /app/var && chown -R ipp /app/var
USER ipp
EXPOSE 8000
CMD ["gunicorn", "ipp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
