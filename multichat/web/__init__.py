"""The agent web app's server side: session login for the browser and the built SPA.

The single-page app in `frontend/` is built by `make run` into `frontend/dist`, collected
into the static files, and its `index.html` is served here for every path the app owns.
"""
