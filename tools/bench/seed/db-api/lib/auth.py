from functools import wraps

from flask import abort, request


def authorize_bearer(bearer):
    def decorator(f):
        @wraps(f)
        def decorated_function(*args, **kwargs):
            if request.headers.get('Authorization') != f'Bearer {bearer}':
                abort(401)
            return f(*args, **kwargs)

        return decorated_function

    return decorator
