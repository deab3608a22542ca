from .actions import foo

routes = [
    dict(route='', action=lambda: True),
    dict(route='foo', action=foo),
]
