FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=peernetworks.settings.production
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs a key to import settings; the real one comes from the environment at run.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

RUN useradd --create-home app
USER app
EXPOSE 8000
CMD ["gunicorn", "peernetworks.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
