from datetime import date, datetime
from decimal import Decimal

from flask import abort, jsonify, request
from flask.json.provider import DefaultJSONProvider


class CustomJSONProvider(DefaultJSONProvider):
    @staticmethod
    def default(o):
        if isinstance(o, (datetime, date)):
            return o.isoformat()
        if isinstance(o, Decimal):
            return float(o)
        return DefaultJSONProvider.default(o)


def call_action(action):
    return action(**(request.get_json(silent=True) or {}))


def get_response(module, name, routes, call):
    for route in routes:
        if route['route'] == name:
            return jsonify(call(route['action']))
    abort(404, f'{module}/{name}')
