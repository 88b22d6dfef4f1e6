"""The HTTP service (`replylint serve`) and the pre-send CLI gate (`replylint presend`).

`app.create_app(...)` builds the Starlette application; `commands` holds the two
click commands. Starlette and uvicorn come with the optional extra `server`
(`pip install "replylint[server]"`); nothing here imports them until `serve`
runs, so the `presend` gate works with the core install alone.
"""
