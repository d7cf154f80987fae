"""The page cache: versions every write bumps (`versions`), the cache of rendered pages (`pages`)
and the WSGI layer that serves them before Flask (`layer`)."""
