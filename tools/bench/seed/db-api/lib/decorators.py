from functools import wraps

from flask import abort, request


def use_schema(schema):
    def decorator(f):
        @wraps(f)
        def decorated_function(**kwargs):
            errors = schema().validate(request.get_json(silent=True) or {})
            if errors:
                abort(400, errors)
            return f(**kwargs)

        return decorated_function

    return decorator
