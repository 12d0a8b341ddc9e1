# The Celery application of the local Daiquiri, for the worker (`celery -A config worker`)
# and for the web processes that send it jobs (config/__init__.py imports it, so that
# Daiquiri's tasks use this app and its redis broker, not Celery's default amqp://).
import os

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')

from daiquiri.core.celery import get_celery_app  # noqa: E402

app = get_celery_app()
