"""``nianbao eval view RUN [RUN…]``: reports × fields of stored runs, what each run extracted next to the
gold and the source sentence, filters, run history per field, cost.

* :mod:`.data` – the view of one or more re-scored runs (matrix, details, history): plain pydantic models.
* :mod:`.page` – renders them with Jinja2 (autoescaped): a served page, or one self-contained HTML file.
* :mod:`.server` – the FastAPI app on loopback (the review UI's stack) and ``serve()``.

The JavaScript (``static/viewer.js``) builds every detail with ``textContent``: report text is untrusted and
is never parsed as HTML.
"""
