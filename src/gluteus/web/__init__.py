"""The web edge: server-rendered pages and a JSON API over the same use cases.

:func:`gluteus.web.app.create_app` builds the application for one :class:`Settings`.
"""
