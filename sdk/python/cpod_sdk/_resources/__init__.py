"""One module per cPod API; each has the call builders and a sync and an async facade."""
