import re


class FooSchema:
    """The post's marshmallow schema (name: String, required; email: Email, optional), by hand."""

    email = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')

    def validate(self, data):
        errors = {}
        if not isinstance(data.get('name'), str):
            errors['name'] = ['Missing data for required field.']
        if 'email' in data and not (isinstance(data['email'], str) and self.email.match(data['email'])):
            errors['email'] = ['Not a valid email address.']
        return errors
