import os
from logging import INFO

APP_ID = 'dbapi'
ENVIRONMENT = os.getenv('ENVIRONMENT', 'local')
LOG_LEVEL = os.getenv('LOG_LEVEL', INFO)

BEARER = os.getenv('BEARER')
