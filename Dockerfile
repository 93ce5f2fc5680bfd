FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir -e .
COPY . .
RUN DJANGO_SETTINGS_MODULE=ipp.settings SECRET_KEY=build python manage.py collectstatic --noinput
RUN useradd --create-home ipp && mkdir -p /app/var && chown -R ipp /app/var
USER ipp
EXPOSE 8000
CMD ["gunicorn", "ipp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
