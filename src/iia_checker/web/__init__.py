"""The self-check web page: upload submissions, read findings, download reports.

``app.create_app`` builds the ASGI application; ``iia-check serve`` runs it under
uvicorn. The checking itself is ``run.plan.run_plan``, exactly as on the command
line; this package only moves bytes in and pages out.
"""
