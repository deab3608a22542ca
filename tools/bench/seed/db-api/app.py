import logging

from flask import Flask
from flask_compress import Compress

from lib.utils import CustomJSONProvider
from modules.example import blueprint as example
from settings import LOG_LEVEL

logging.basicConfig(level=LOG_LEVEL)

app = Flask(__name__)
app.json = CustomJSONProvider(app)
compress = Compress()
compress.init_app(app)

app.register_blueprint(example)
