"""The Django web application: views, templates, roles and the JSON API."""
