# Settings of the local Daiquiri TAP service (voscope's second TAP implementation, a test
# peer): Daiquiri's own defaults, then what this deployment needs. Everything that changes
# per machine comes from the environment that scripts/peers/daiquiri/start sets.
import os

from daiquiri.core.settings.django import *  # noqa: F401,F403
from daiquiri.core.settings.daiquiri import *  # noqa: F401,F403
from daiquiri.core.settings.logging import *  # noqa: F401,F403
from daiquiri.auth.settings import *  # noqa: F401,F403
from daiquiri.conesearch.settings import *  # noqa: F401,F403
from daiquiri.contact.settings import *  # noqa: F401,F403
from daiquiri.cutout.settings import *  # noqa: F401,F403
from daiquiri.datalink.settings import *  # noqa: F401,F403
from daiquiri.files.settings import *  # noqa: F401,F403
from daiquiri.jobs.settings import *  # noqa: F401,F403
from daiquiri.metadata.settings import *  # noqa: F401,F403
from daiquiri.oai.settings import *  # noqa: F401,F403
from daiquiri.query.settings import *  # noqa: F401,F403
from daiquiri.registry.settings import *  # noqa: F401,F403
from daiquiri.serve.settings import *  # noqa: F401,F403
from daiquiri.stats.settings import *  # noqa: F401,F403
from daiquiri.tap.settings import *  # noqa: F401,F403

STATE = os.environ.get('DAIQUIRI_STATE', os.path.expanduser('~/.cache/voscope/daiquiri-state'))
PORT = os.environ.get('DAIQUIRI_PORT', '8084')

SECRET_KEY = 'voscope-test-peer-on-loopback-only'
DEBUG = False
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
SITE_URL = f'http://127.0.0.1:{PORT}'
SITE_IDENTIFIER = 'ivo://voscope.invalid/daiquiri'
SITE_TITLE = 'voscope test Daiquiri (gamma-ray ObsCore)'
SITE_CREATED = '2026-12-03'

INSTALLED_APPS = [
    *DJANGO_APPS,  # noqa: F405
    'daiquiri.auth',
    'daiquiri.conesearch',
    'daiquiri.contact',
    'daiquiri.core',
    'daiquiri.datalink',
    'daiquiri.files',
    'daiquiri.jobs',
    'daiquiri.metadata',
    'daiquiri.oai',
    'daiquiri.query',
    'daiquiri.registry',
    'daiquiri.serve',
    'daiquiri.stats',
    'daiquiri.tap',
    'daiquiri.uws',
    *ADDITIONAL_APPS,  # noqa: F405
    'corsheaders',
]
# The pages voscope's tests serve from this machine may call the service (as DaCHS's
# corsOriginPat allows): django-cors-headers, first in the chain.
MIDDLEWARE = ['corsheaders.middleware.CorsMiddleware', *MIDDLEWARE]  # noqa: F405
CORS_ALLOWED_ORIGIN_REGEXES = [r'^https?://(127\.0\.0\.1|localhost)(:[0-9]+)?$']
CORS_EXPOSE_HEADERS = ['Location', 'Content-Type', 'Content-Length']

_pg = dict(ENGINE='django.db.backends.postgresql', HOST='127.0.0.1', PORT='5432')
_app = dict(_pg, NAME='daiquiri_app', USER='daiquiri_app', PASSWORD='daiquiri_app')
_data = dict(_pg, NAME='daiquiri_data', USER='daiquiri_data', PASSWORD='daiquiri_data')
DATABASES = {
    'default': _app,
    'data': _data,
    'tap': dict(_data, OPTIONS={'options': '-c search_path=tap_schema'}),
    'oai': dict(_data, OPTIONS={'options': '-c search_path=oai_schema'}),
}
ADAPTER_DATABASE = 'daiquiri.core.adapter.database.postgres.PostgreSQLAdapter'
ADAPTER_DOWNLOAD = 'daiquiri.core.adapter.download.pgdump.PgDumpAdapter'
USER_TABLESPACE = 'pg_default'
TAP_SCHEMA = 'tap_schema'
TAP_UPLOAD = 'tap_upload'

# Async jobs run in a Celery worker with the redis broker that start runs on :6380.
ASYNC = True
CELERY_BROKER_URL = os.environ.get('CELERY_BROKER_URL', 'redis://127.0.0.1:6380/0')
DAIQUIRI_APP = 'voscope_daiquiri'

# Anyone may query (a public archive); the anonymous limits are Daiquiri's, except that
# the tests run a few jobs at once.
QUERY_ANONYMOUS = True
QUERY_MAX_ACTIVE_JOBS = {'anonymous': '5'}
QUERY_DOWNLOAD_DIR = os.path.join(STATE, 'download')
QUERY_UPLOAD_DIR = os.path.join(STATE, 'upload')
REST_FRAMEWORK = {
    'DEFAULT_THROTTLE_CLASSES': ('rest_framework.throttling.ScopedRateThrottle',),
    'DEFAULT_THROTTLE_RATES': {'query.create': '1000/second'},
}
# DataLink (/datalink/links?ID=...): the links of the H.E.S.S. runs, a table setup writes.
DATALINK_TABLES = ['ivoa.obscore_datalink']
FILES_BASE_PATH = os.path.join(STATE, 'files')
SERVE_DOWNLOAD_DIR = os.path.join(STATE, 'files')
ARCHIVE_DOWNLOAD_DIR = os.path.join(STATE, 'download')
OAI_SCHEMA = 'oai_schema'
MEDIA_ROOT = os.path.join(STATE, 'media')
STATIC_ROOT = os.path.join(STATE, 'static')
ACCOUNT_EMAIL_VERIFICATION = 'optional'

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {'file': {'class': 'logging.FileHandler', 'filename': os.path.join(STATE, 'daiquiri.log')}},
    'root': {'handlers': ['file'], 'level': os.environ.get('DAIQUIRI_LOG_LEVEL', 'INFO')},
}
